/* SPDX-License-Identifier: MIT
 * grader/check_scen.c -- grade a Python file over checks.lua's scenarios.
 *
 * Each scenario (docs/authoring.md 6.5) is its own sandboxed harness run:
 * the file as a script, or imported with one of its functions called on
 * the scenario's inputs, globals and lab table. The checks then see every
 * run (run.runs) and check._over runs each check once per scenario it
 * applies to. A run that gives no summary (a wall, memory or output
 * limit, tampering, our own failure) stops the grading there, as a single
 * run's would; an error, a deadlock or the virtual-time limit in one
 * scenario is the verdict, named after the scenario, and the checks still
 * run. The output, virtual time and trace reported are the first failing
 * scenario's (the first scenario's when all pass), so what the student
 * sees and replays (`t`, --trace) is the run that failed.
 *
 * The first scenario runs alone (it is the one that may not compile, and
 * it leaves the sandbox's lazily built state ready); the others then run
 * on up to 4 threads, one harness process each. The sandbox is built for
 * that (per-run uid and session, children reaped by pid, nothing allocated
 * after fork), and every run is measured on its own virtual clock, so the
 * results do not depend on which ran first.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_int.h"
#include "checklib.h"

typedef struct scen_run {
    py_ctx    pc;
    ll_result res;
    ll_trace *tr;
    json_t   *sum;
    const char *name;
} scen_run;

static const char *
scen_name(const json_t *sc)
{
    const char *n = json_string_value(json_object_get(sc, "name"));
    return n ? n : "?";
}

/* run.reference(): the reference solution on this run's scenario, its
 * run table cached in upvalue 2. Raises when there is none: an author's
 * error (check.same blames the checks), never the student's. */
static int
scen_reference(lua_State *L)
{
    scen_run *s = lua_touserdata(L, lua_upvalueindex(1));
    py_ctx pc;
    ll_result res;
    ll_trace *tr = NULL;
    json_t *sum = NULL;
    char *sol;

    if (lua_rawgeti(L, lua_upvalueindex(2), 1) == LUA_TTABLE)
        return 1;
    lua_pop(L, 1);
    sol = ll_asprintf("%s/solution/%s", s->pc.ex->dir, s->pc.ex->file);
    if (sol == NULL || ll_trace_new(&tr) != LL_OK) {
        ll_free(sol);
        return luaL_error(L, "out of memory");
    }
    pc = s->pc;
    pc.file = sol;
    pc.lint = false;
    ll_result_init(&res);
    check_py_run(&pc, pc.opts.seed, -1, &res, tr, &sum);
    if (sum == NULL) {
        lua_pushfstring(L, "the reference solution %s gave no result in "
                        "scenario \"%s\": %s", sol, s->name,
                        res.error ? res.error : "?");
        ll_free(sol);
        ll_result_close(&res);
        ll_trace_free(tr);
        return lua_error(L);
    }
    check_py_push_run(L, sum, &res, tr);
    lua_pushvalue(L, -1);
    lua_rawseti(L, lua_upvalueindex(2), 1);
    json_decref(sum);
    ll_result_close(&res);
    ll_trace_free(tr);
    ll_free(sol);
    return 1;
}

/* The run table of scenario s, with its scenario, again and reference. */
static void
scen_push_run(lua_State *L, scen_run *s, const char *exercise)
{
    check_py_push_run(L, s->sum, &s->res, s->tr);
    check_push_json(L, (json_t *)s->pc.sc, 0);
    lua_setfield(L, -2, "scenario");
    lua_pushlightuserdata(L, &s->pc);
    lua_pushcclosure(L, check_py_again, 1);
    lua_setfield(L, -2, "again");
    lua_pushlightuserdata(L, s);
    lua_newtable(L);
    lua_pushcclosure(L, scen_reference, 2);
    lua_setfield(L, -2, "reference");
    lua_pushstring(L, exercise);
    lua_setfield(L, -2, "exercise");
}

static void
scen_copy_trace(ll_trace *to, const ll_trace *from)
{
    size_t i, n = ll_trace_count(from);
    for (i = 0; i < n; i++) {
        const ll_event *e = ll_trace_get(from, i);
        if (ll_trace_add(to, e->t, e->kind, e->task, e->worker, e->name,
                         e->what) == LL_OK && e->label != NULL)
            (void)ll_trace_label_last(to, e->label);
    }
}

/* r takes scenario s's output, virtual time and trace. */
static void
scen_report_run(ll_result *r, ll_trace *tr, const scen_run *s)
{
    ll_free(r->output);
    r->output = ll_strdup(s->res.output ? s->res.output : "");
    r->vtime = s->res.vtime;
    scen_copy_trace(tr, s->tr);
}

/* r's verdict folds with s's, its error naming the scenario. */
static void
scen_fold_verdict(ll_result *r, const scen_run *s, size_t n)
{
    char *msg;
    if (s->res.verdict == LL_VERDICT_PASS ||
        ll_verdict_worst(r->verdict, s->res.verdict) == r->verdict)
        return;
    r->verdict = s->res.verdict;
    msg = n > 1 ? ll_asprintf("In scenario \"%s\": %s", s->name,
                              s->res.error ? s->res.error : "")
                : ll_strdup(s->res.error ? s->res.error : "");
    if (msg != NULL) {
        ll_free(r->error);
        r->error = msg;
    }
}

typedef struct scen_pool {
    scen_run     *s;
    size_t        n;
    atomic_size_t next;
} scen_pool;

static void
scen_run_one(scen_run *x)
{
    check_py_run(&x->pc, x->pc.opts.seed, -1, &x->res, x->tr, &x->sum);
}

static void *
scen_worker(void *arg)
{
    scen_pool *p = arg;
    size_t k;
    while ((k = atomic_fetch_add(&p->next, 1)) < p->n) {
        if (ll_sandbox_interrupted())
            break;
        scen_run_one(&p->s[k]);
    }
    return NULL;
}

/* Scenarios 1..n-1, on a few threads (this one included). */
static void
scen_run_rest(scen_run *s, size_t n)
{
    scen_pool p = { s, n, 1 };
    pthread_t th[3];
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t want = cpus > 1 ? (size_t)cpus : 1, k, started = 0;

    if (want > 4)
        want = 4;
    if (want > n - 1)
        want = n - 1;
    for (k = 1; k < want; k++)
        if (pthread_create(&th[started], NULL, scen_worker, &p) == 0)
            started++;
    scen_worker(&p);
    for (k = 0; k < started; k++)
        pthread_join(th[k], NULL);
}

int
check_run_scenarios(const ll_exercise *ex, const char *file,
                    const ll_check_opts *opts,
                    const ll_checks_meta *meta, ll_result *r,
                    ll_trace *tr)
{
    size_t n = json_array_size(meta->scenarios), k, pick = 0;
    scen_run *s = ll_calloc(n ? n : 1, sizeof *s);
    ll_lua_ctx ctx;
    lua_State *L = NULL;
    char *err = NULL, *checks = NULL;
    int64_t t0 = ll_mono_ns();
    int rc = LL_OK;

    if (s == NULL)
        return LL_ENOMEM;
    for (k = 0; k < n; k++) {
        json_t *sc = json_array_get(meta->scenarios, k);
        json_t *seed = json_object_get(sc, "seed");
        scen_run *x = &s[k];

        x->pc = (py_ctx){ ex, file, *opts, meta->lab_json, sc, k == 0,
                          meta->threads };
        if (json_is_integer(seed) && json_integer_value(seed) >= 0)
            x->pc.opts.seed = (uint64_t)json_integer_value(seed);
        x->name = scen_name(sc);
        ll_result_init(&x->res);
        if (ll_trace_new(&x->tr) != LL_OK) {
            rc = LL_ENOMEM;
            goto out;
        }
    }
    t0 = ll_mono_ns();
    scen_run_one(&s[0]);
    check_python_notes(r, s[0].sum);    /* a never-awaited coroutine, first */
    if (s[0].sum != NULL && check_py_syntax_error(s[0].sum)) {
        /* never ran: one message, every check "not run" */
        scen_fold_verdict(r, &s[0], 1);
        scen_report_run(r, tr, &s[0]);
        goto out;
    }
    if (s[0].sum != NULL && n > 1 && !ll_sandbox_interrupted())
        scen_run_rest(s, n);
    /* the statement's example had none: another scenario's, if any */
    for (k = 1; k < n && (r->notice == NULL || !*r->notice); k++)
        check_python_notes(r, s[k].sum);
    for (k = 0; k < n; k++) {
        if (s[k].sum == NULL) {
            /* a limit, tampering, our failure or an interruption: the
             * grading stops at the first such scenario */
            scen_fold_verdict(r, &s[k], n);
            scen_report_run(r, tr, &s[k]);
            if (r->verdict == LL_VERDICT_PASS)     /* never started */
                check_fail(r, LL_VERDICT_INTERNAL, "interrupted%s", "");
            goto out;
        }
    }

    ll_lua_ctx_init(&ctx, LL_CLOCK_VIRTUAL, 1, 0);
    ctx.mem_limit = CHECK_LUA_MEM;
    L = ll_lua_new(&ctx);
    if (L == NULL) {
        rc = LL_ENOMEM;
        goto out;
    }
    scen_push_run(L, &s[0], ex->id);        /* the top run: scenario 1 */
    lua_createtable(L, (int)n, 0);
    lua_pushvalue(L, -2);
    lua_rawseti(L, -2, 1);
    for (k = 1; k < n; k++) {
        scen_push_run(L, &s[k], ex->id);
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
    lua_setfield(L, -2, "runs");
    checks = ll_asprintf("%s/checks.lua", ex->dir);
    if (checks == NULL) {
        rc = LL_ENOMEM;
        goto out;
    }
    if (ll_checklib_eval(L, checks, -1, r, &err) != LL_OK) {
        check_fail(r, LL_VERDICT_INTERNAL, "broken checks file: %s", err);
        goto out;
    }
    if (lua_getfield(L, LUA_REGISTRYINDEX, "looplab.failrun") == LUA_TNUMBER) {
        lua_Integer f = lua_tointeger(L, -1);
        if (f >= 1 && (size_t)f <= n)
            pick = (size_t)f - 1;
    }
    lua_pop(L, 1);
    for (k = 0; k < n; k++)
        scen_fold_verdict(r, &s[k], n);
    scen_report_run(r, tr, &s[pick]);
out:
    r->wall = (double)(ll_mono_ns() - t0) / 1e9;
    if (L != NULL)
        ll_lua_close(L);
    for (k = 0; k < n; k++) {
        json_decref(s[k].sum);
        ll_result_close(&s[k].res);
        ll_trace_free(s[k].tr);
    }
    ll_free(checks);
    ll_free(err);
    ll_free(s);
    return rc;
}

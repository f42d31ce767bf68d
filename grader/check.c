/* SPDX-License-Identifier: MIT
 * grader/check.c -- grade one file: run it sandboxed, then its checks.
 *
 * Python: /usr/bin/python3 -P -s <attempt>/harness/looplab_harness.py on a
 * private copy of the submission's folder, in the sandbox of sandbox.h
 * (own session, rlimits, dedicated uid when we are root, seccomp at L2,
 * private namespaces at L3),
 * stdin /dev/null, stdout/stderr and the result fd drained together while
 * we wait, output capped, wall and CPU time measured here, and the whole
 * tree killed at the end. Its checks run in a sandboxed Lua state in this
 * process, fed the run table; run.again{cancel_at=, seed=} re-runs it.
 * Lua: a forked, sandboxed worker with a fresh state (instruction and memory
 * caps) loads the student's module and evaluates checks.lua itself; the
 * parent only reads its JSON answer. checks.lua may ask for several seeds:
 * the run is graded once per seed and the first failing one is reported.
 * The verdict folds by precedence INTERNAL > TLE > MLE > OLE > RE > FAIL >
 * PASS. The harness's stream counts only when sealed with this run's key
 * (check_seal.c); one that is not, after student code started, is the
 * student's RE (docs/grading-trust.md).
 */
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_int.h"
#include "checklib.h"
#include "engine/lua/host.h"
#include "sandbox.h"

static void check_say_where(ll_result *res, const char *buf, size_t len);


const char *
ll_check_python(void)
{
    const char *p = getenv("LOOPLAB_PYTHON");
    return p && *p ? p : LL_CHECK_DEFAULT_PYTHON;
}

const char *
ll_check_sandbox_level(void)
{
    return ll_sandbox_level();
}

char *
ll_check_harness_path(void)
{
    const char *env = getenv("LOOPLAB_HARNESS");
    char *p;
    if (env != NULL && *env)
        return ll_strdup(env);
    p = ll_asprintf("%s/grader/python/looplab_harness.py", LL_SOURCE_DIR);
    if (p != NULL && access(p, R_OK) == 0)
        return p;
    ll_free(p);
    return ll_strdup(LL_DATADIR "/looplab/grader/python/looplab_harness.py");
}

/* What no submission may read at L3, wherever the course is installed:
 * this exercise's course root (<root>/weekN/NN-slug/exercises/ID), the
 * installed course and the source tree's lessons (sandbox.h). */
static void
check_hide_course(const ll_exercise *ex)
{
    char *root = ll_asprintf("%s/../../../..", ex->dir);
    if (root != NULL)
        (void)ll_sandbox_hide(root);
    ll_free(root);
    (void)ll_sandbox_hide(LL_DATADIR "/looplab");
    (void)ll_sandbox_hide(LL_SOURCE_DIR "/lessons");
}

/* {=================== json -> lua ===================} */

/* Depth-capped: the result fd can carry anything a student wrote to it,
 * and this runs outside any pcall (a stack overflow here would panic). */
void
check_push_json(lua_State *L, json_t *v, int depth)
{
    const char *key;
    json_t *x;
    size_t i;

    if (depth > 32 || !lua_checkstack(L, 4)) {
        lua_pushnil(L);
        return;
    }
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        lua_newtable(L);
        json_object_foreach(v, key, x) {
            check_push_json(L, x, depth + 1);
            lua_setfield(L, -2, key);
        }
        break;
    case JSON_ARRAY:
        lua_createtable(L, (int)json_array_size(v), 0);
        json_array_foreach(v, i, x) {
            check_push_json(L, x, depth + 1);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        break;
    case JSON_STRING: lua_pushstring(L, json_string_value(v)); break;
    case JSON_INTEGER: lua_pushinteger(L, json_integer_value(v)); break;
    case JSON_REAL: lua_pushnumber(L, json_real_value(v)); break;
    case JSON_TRUE: lua_pushboolean(L, 1); break;
    case JSON_FALSE: lua_pushboolean(L, 0); break;
    default: lua_pushnil(L); break;
    }
}

/* Events from index `from` on (run.exec reports its own slice). */
void
check_push_events_from(lua_State *L, const ll_trace *tr, size_t from)
{
    size_t i, n = tr ? ll_trace_count(tr) : 0;
    lua_createtable(L, n > from ? (int)(n - from) : 0, 0);
    for (i = from; i < n; i++) {
        const ll_event *e = ll_trace_get(tr, i);
        lua_createtable(L, 0, 5);
        lua_pushnumber(L, e->t);
        lua_setfield(L, -2, "t");
        lua_pushstring(L, ll_ev_name(e->kind));
        lua_setfield(L, -2, "ev");
        lua_pushinteger(L, e->task);
        lua_setfield(L, -2, "task");
        lua_pushstring(L, e->name);
        lua_setfield(L, -2, "name");
        lua_pushstring(L, e->what);
        lua_setfield(L, -2, "what");
        if (e->worker >= 0) {       /* pool jobs: which worker ran it */
            lua_pushinteger(L, e->worker);
            lua_setfield(L, -2, "worker");
        }
        lua_rawseti(L, -2, (lua_Integer)(i - from) + 1);
    }
}

void
check_push_events(lua_State *L, const ll_trace *tr)
{
    check_push_events_from(L, tr, 0);
}

/* The block events from `from` on, as run.blocking's {t, task, what}. */
void
check_push_blocking(lua_State *L, const ll_trace *tr, size_t from)
{
    size_t i, n = tr ? ll_trace_count(tr) : 0;
    lua_Integer k = 0;
    lua_newtable(L);
    for (i = from; i < n; i++) {
        const ll_event *e = ll_trace_get(tr, i);
        if (e->kind != LL_EV_BLOCK)
            continue;
        lua_createtable(L, 0, 3);
        lua_pushnumber(L, e->t);
        lua_setfield(L, -2, "t");
        lua_pushstring(L, e->name);
        lua_setfield(L, -2, "task");
        lua_pushstring(L, e->what);
        lua_setfield(L, -2, "what");
        lua_rawseti(L, -2, ++k);
    }
}

/* {=================== python ===================} */

#define START_MARK "\"ev\": \"start\""

/* The summary line: the last line whose "ev" is "result"; NULL if none. */
static json_t *
check_python_summary(const char *text)
{
    const char *p, *line;
    json_t *best = NULL;

    for (p = text; *p; ) {
        size_t len = strcspn(p, "\n");
        line = p;
        p += len + (p[len] == '\n');
        if (len > 0 && strstr(line, "\"result\"") != NULL &&
            (size_t)(strstr(line, "\"result\"") - line) < len) {
            json_t *o = json_loadb(line, len, 0, NULL);
            const char *ev = json_string_value(json_object_get(o, "ev"));
            if (json_is_object(o) && ev != NULL && strcmp(ev, "result") == 0) {
                json_decref(best);
                best = o;
            } else {
                json_decref(o);
            }
        }
    }
    return best;
}

/* The harness's command line and environment, built before the fork:
 * the child runs under RLIMIT_AS (an allocator that needs a new mapping
 * then fails, as ASan's did) and may share its heap with other grading
 * threads (malloc after fork), so it allocates nothing itself. */
typedef struct py_exec {
    const char *argv[40];        /* 35 at most today, with NULL */
    char       *envp[8];
    char       *dir;             /* the attempt folder: cwd, HOME, TMPDIR */
    char        seedv[32], cancelv[32], wallv[32];
    char       *argsv, *kwargsv, *setv, *labv;   /* a scenario's, JSON */
} py_exec;

static int
py_exec_prepare(py_exec *x, const py_ctx *pc, const check_child *c,
                const check_seal *seal, uint64_t seed, double cancel_at)
{
    static char e0[] = "PATH=/usr/bin:/bin", e1[] = "LANG=C.UTF-8",
                e2[] = "PYTHONHASHSEED=0", e3[] = "PYTHONDONTWRITEBYTECODE=1",
                e4[] = "PYTHONIOENCODING=utf-8";
    char *slash;
    int n = 0;

    x->dir = ll_strdup(c->sb.file);
    if (x->dir == NULL || (slash = strrchr(x->dir, '/')) == NULL)
        return LL_ENOMEM;
    *slash = '\0';
    x->envp[0] = e0;
    x->envp[1] = e1;
    x->envp[2] = e2;
    x->envp[3] = e3;
    x->envp[4] = e4;
    /* home and temp files in the attempt folder: the only place the
     * sandbox may write */
    x->envp[5] = ll_asprintf("HOME=%s", x->dir);
    x->envp[6] = ll_asprintf("TMPDIR=%s", x->dir);
    x->envp[7] = NULL;
    if (x->envp[5] == NULL || x->envp[6] == NULL)
        return LL_ENOMEM;
    if (cancel_at < 0 && pc->sc != NULL &&
        json_is_number(json_object_get(pc->sc, "cancel_at")))
        cancel_at = json_number_value(json_object_get(pc->sc, "cancel_at"));
    snprintf(x->seedv, sizeof x->seedv, "%llu", (unsigned long long)seed);
    snprintf(x->cancelv, sizeof x->cancelv, "%.9g", cancel_at);
    /* -P -s with our own clean environment is -I's isolation (no script
     * dir on sys.path, no user site, no PYTHON* from the caller) while
     * keeping PYTHONHASHSEED=0: -I would ignore it and set ordering would
     * change from run to run. */
    x->argv[n++] = ll_check_python();
    x->argv[n++] = "-P";
    x->argv[n++] = "-s";
    x->argv[n++] = c->sb.harness;
    x->argv[n++] = "--origin";
    x->argv[n++] = pc->file;
    x->argv[n++] = "--file";
    x->argv[n++] = c->sb.file;
    x->argv[n++] = "--result-fd";
    x->argv[n++] = "3";
    x->argv[n++] = "--seed";
    x->argv[n++] = x->seedv;
    x->argv[n++] = "--max-vtime";
    x->argv[n++] = CHECK_MAX_VTIME;
    /* so it can note where the program is shortly before we stop it */
    snprintf(x->wallv, sizeof x->wallv, "%g", pc->opts.timeout_s);
    x->argv[n++] = "--wall-limit";
    x->argv[n++] = x->wallv;
    if (pc->lint)
        x->argv[n++] = "--lint";
    x->argv[n++] = "--key-fd";      /* fd 4: check_fork puts c->keyfd there */
    x->argv[n++] = "4";
    x->argv[n++] = "--nonce";
    x->argv[n++] = seal->nonce;
#if LL_SANDBOX_SELF_AS_LIMIT
    x->argv[n++] = "--as-limit";    /* the sandbox could not (sandbox.h) */
    x->argv[n++] = "2147483648";
#endif
    if (cancel_at >= 0) {
        x->argv[n++] = "--cancel-at";
        x->argv[n++] = x->cancelv;
    }
    if (pc->sc != NULL) {               /* a scenario (docs/authoring.md 6.5) */
        const char *call = json_string_value(json_object_get(pc->sc, "call"));
        json_t *lab = json_object_get(pc->sc, "lab");
        if (call != NULL) {
            x->argsv = json_dumps(json_object_get(pc->sc, "args")
                                  ? json_object_get(pc->sc, "args") : json_array(),
                                  JSON_COMPACT | JSON_ENCODE_ANY);
            x->kwargsv = json_dumps(json_object_get(pc->sc, "kwargs")
                                    ? json_object_get(pc->sc, "kwargs") : json_object(),
                                    JSON_COMPACT | JSON_ENCODE_ANY);
            x->setv = json_dumps(json_object_get(pc->sc, "set")
                                 ? json_object_get(pc->sc, "set") : json_object(),
                                 JSON_COMPACT | JSON_ENCODE_ANY);
            if (x->argsv == NULL || x->kwargsv == NULL || x->setv == NULL)
                return LL_ENOMEM;
            x->argv[n++] = "--call";
            x->argv[n++] = call;
            x->argv[n++] = "--args";
            x->argv[n++] = x->argsv;
            x->argv[n++] = "--kwargs";
            x->argv[n++] = x->kwargsv;
            x->argv[n++] = "--set";
            x->argv[n++] = x->setv;
        }
        if (json_is_object(lab) &&
            (x->labv = json_dumps(lab, JSON_COMPACT)) == NULL)
            return LL_ENOMEM;
    }
    {
        /* thread mode (grader/python/README.md "Threads"): the scenario's,
         * else checks.lua's, else the harness's own choice (auto) */
        const char *th = pc->sc != NULL
            ? json_string_value(json_object_get(pc->sc, "threads")) : NULL;
        if (th == NULL)
            th = pc->threads;
        if (th != NULL) {
            x->argv[n++] = "--threads";
            x->argv[n++] = th;
        }
    }
    if (x->labv != NULL || pc->lab_json != NULL) {
        x->argv[n++] = "--lab";
        x->argv[n++] = x->labv != NULL ? x->labv : pc->lab_json;
    }
    x->argv[n] = NULL;
    return LL_OK;
}

static void
py_exec_close(py_exec *x)
{
    ll_free(x->dir);
    ll_free(x->envp[5]);
    ll_free(x->envp[6]);
    free(x->argsv);              /* jansson's malloc */
    free(x->kwargsv);
    free(x->setv);
    free(x->labv);
}

/* A run cancelled at cancel_at (a scenario's, or run.again's) whose main
 * task let the CancelledError through ended the way it was asked to
 * (docs/authoring.md 6.5, `cancel_at`): main_end "cancel", not an RE. */
static bool
check_cancel_through(json_t *sum)
{
    const char *end = json_string_value(json_object_get(sum, "main_end"));
    const char *exc = json_string_value(json_object_get(sum, "exc_type"));

    return json_is_number(json_object_get(sum, "cancel_at")) &&
           end != NULL && strcmp(end, "cancel") == 0 &&
           exc != NULL && strcmp(exc, "CancelledError") == 0;
}

/* One supervised harness run. Fills res (verdict, error, output, vtime,
 * wall), the trace, and *sum (the summary, NULL when it never came). */
void
check_py_run(const py_ctx *pc, uint64_t seed, double cancel_at, ll_result *res,
             ll_trace *tr, json_t **sum)
{
    check_child c;
    ll_sandbox_limits lim = { .timeout_s = pc->opts.timeout_s, .as_limit = true };
    char *harness = ll_check_harness_path(), *hdir = NULL, *err = NULL;
    const char *status, *rbuf, *tampered;
    bool started, aborted = false;
    int errline = 0, keyp[2] = { -1, -1 };
    check_seal seal;
    size_t body = 0;
    py_exec x;

    *sum = NULL;
    memset(&c, 0, sizeof c);
    memset(&x, 0, sizeof x);
    c.keyfd = -1;
    if (ll_sandbox_interrupted()) {
        check_fail(res, LL_VERDICT_INTERNAL, "interrupted before the run%s", "");
        goto out;
    }
    if (harness == NULL || (hdir = ll_strdup(harness)) == NULL) {
        check_fail(res, LL_VERDICT_INTERNAL, "out of memory%s", "");
        goto out;
    }
    if (access(harness, R_OK) != 0 || access(ll_check_python(), X_OK) != 0) {
        check_fail(res, LL_VERDICT_INTERNAL, "cannot run the Python harness "
                   "(%s); run `looplab doctor`", harness);
        goto out;
    }
    if (strrchr(hdir, '/'))
        *strrchr(hdir, '/') = '\0';
    if (ll_sandbox_prepare(&c.sb, pc->file, hdir, &err) != LL_OK) {
        check_fail(res, LL_VERDICT_INTERNAL, "sandbox: %s", err ? err : "?");
        goto out;
    }
    /* The seal key goes down a pipe of its own: 32 bytes fit its buffer,
     * so it is written before the fork and the write end closed. */
    if (check_seal_new(&seal) != LL_OK || pipe2(keyp, O_CLOEXEC) != 0 ||
        write(keyp[1], seal.key, CHECK_SEAL_KEY) != CHECK_SEAL_KEY) {
        check_fail(res, LL_VERDICT_INTERNAL, "cannot make the run's seal "
                   "key: %s", strerror(errno));
        goto out;
    }
    close(keyp[1]);
    keyp[1] = -1;
    c.keyfd = keyp[0];
    if (py_exec_prepare(&x, pc, &c, &seal, seed, cancel_at) != LL_OK) {
        check_fail(res, LL_VERDICT_INTERNAL, "out of memory%s", "");
        goto out;
    }
    switch (check_fork(&c, &lim)) {
    case -1:
        check_fail(res, LL_VERDICT_INTERNAL, "cannot start python: %s",
                   strerror(errno));
        goto out;
    case 0:
        /* nothing allocated here: see py_exec_prepare */
        if (chdir(x.dir) != 0) {
            dprintf(2, "looplab sandbox: cannot enter %s: %s\n", x.dir,
                    strerror(errno));
            _exit(127);
        }
        execve(ll_check_python(), (char *const *)x.argv, x.envp);
        dprintf(2, "looplab sandbox: cannot run %s %s: %s\n",
                ll_check_python(), c.sb.harness, strerror(errno));
        _exit(127);
    }
    close(keyp[0]);
    keyp[0] = c.keyfd = -1;
    check_supervise(&c, pc->opts.timeout_s);

    res->wall = c.wall;
    ll_free(res->output);
    /* what the program printed, taken by us (never the harness's report) */
    res->output = check_utf8_copy(c.buf[0].data, c.buf[0].len);
    rbuf = c.buf[2].data ? c.buf[2].data : "";
    /* Only a sealed stream is believed: fd 3 is open to student code too,
     * and a summary it wrote (before os._exit) must not count. */
    tampered = check_seal_verify(&seal, rbuf, c.buf[2].len, &body, &aborted);
    started = memmem(rbuf, c.buf[2].len, START_MARK, strlen(START_MARK)) != NULL;
    if (tampered != NULL && *tampered == '\0') {
        char *text = ll_strndup(rbuf, body);
        if (text != NULL) {
            (void)ll_trace_read_jsonl(tr, text, &errline);
            *sum = check_python_summary(text);
        }
        ll_free(text);
        status = json_string_value(json_object_get(*sum, "status"));
        if (*sum == NULL)
            tampered = "the sealed stream has no summary";
        else if (aborted && (status == NULL ||
                 (strcmp(status, "deadlock") != 0 &&
                  strcmp(status, "vtime_limit") != 0))) {
            json_decref(*sum);
            *sum = NULL;
            tampered = "an early end was sealed with a passing status";
        }
    }
    if (*sum != NULL)
        ;
    else if (tampered == NULL) {
        json_t *forged = check_python_summary(rbuf);
        if (forged != NULL)
            tampered = "it holds a summary the harness did not seal";
        json_decref(forged);
    }
    if (tampered != NULL && *tampered == '\0')
        tampered = NULL;
    if (c.interrupted) {        /* we stopped it: nothing it said counts */
        json_decref(*sum);
        *sum = NULL;
        tampered = NULL;
    }
    if (check_limit_verdict(&c, pc->opts.timeout_s, res))
        check_say_where(res, rbuf, c.buf[2].len);
    else if (*sum == NULL && check_killed_by_memory(&c))
        check_fail(res, LL_VERDICT_MLE, "ran out of memory (more than 2 GiB)%s", "");
    else if (tampered != NULL && started)
        check_fail(res, LL_VERDICT_RE, "the program tampered with the "
                   "grader's result channel, so its results were not "
                   "accepted: %s. Write output with print(), never to "
                   "fd 3 or the harness's objects.", tampered);
    else if (*sum == NULL && started) {
        char how[64];
        if (WIFSIGNALED(c.status))
            snprintf(how, sizeof how, "killed by signal %d (%s)",
                     WTERMSIG(c.status), strsignal(WTERMSIG(c.status)));
        else
            snprintf(how, sizeof how, "exit status %d", WEXITSTATUS(c.status));
        check_fail(res, LL_VERDICT_RE, "the program ended the Python process "
                   "before the grader could collect its results (%s): "
                   "os._exit(), killing the interpreter or closing fd 3 "
                   "ends the run", how);
    } else if (*sum == NULL)
        check_fail(res, LL_VERDICT_INTERNAL, "the Python harness gave no "
                   "result:\n%s", c.buf[1].data ? c.buf[1].data : "");
    if (*sum == NULL)
        goto out;

    json_object_set_new(*sum, "leftover_procs", json_integer(c.sb.leftover));
    status = json_string_value(json_object_get(*sum, "status"));
    status = status ? status : "internal";
    /* A cancel the grader asked for that the program let through is the
     * expected end: the run table then has no error (check_cancel_through). */
    if (strcmp(status, "error") == 0 && check_cancel_through(*sum)) {
        json_object_set_new(*sum, "status", json_string("ok"));
        status = "ok";
    }
    res->vtime = json_number_value(json_object_get(*sum, "vtime"));
    if (strcmp(status, "internal") == 0)
        check_fail(res, LL_VERDICT_INTERNAL, "harness error:\n%s",
                   json_string_value(json_object_get(*sum, "error")));
    else if (strcmp(status, "vtime_limit") == 0)
        check_fail(res, LL_VERDICT_TLE, "ran for more than %s virtual seconds "
                   "(a loop that never ends?)", CHECK_MAX_VTIME);
    else if (strcmp(status, "error") == 0 &&
             json_string_value(json_object_get(*sum, "exc_type")) != NULL &&
             strcmp(json_string_value(json_object_get(*sum, "exc_type")),
                    "MemoryError") == 0)
        check_fail(res, LL_VERDICT_MLE, "ran out of memory (the limit is "
                   "2 GiB of address space):\n%s",
                   json_string_value(json_object_get(*sum, "error")));
    else if (strcmp(status, "error") == 0 || strcmp(status, "deadlock") == 0)
        check_fail(res, LL_VERDICT_RE, "%s",
                   json_string_value(json_object_get(*sum, "error")));
out:
    if (keyp[0] >= 0) close(keyp[0]);
    if (keyp[1] >= 0) close(keyp[1]);
    explicit_bzero(&seal, sizeof seal);
    py_exec_close(&x);
    ll_free(err);
    ll_free(hdir);
    ll_free(harness);
    check_child_close(&c);
}

/* The file did not compile (the harness's status "error" with a syntax
 * error in the file itself, already one file:line:col message). */
bool
check_py_syntax_error(json_t *sum)
{
    const char *t = json_string_value(json_object_get(sum, "exc_type"));
    const char *st = json_string_value(json_object_get(sum, "status"));
    return t != NULL && st != NULL && strcmp(st, "error") == 0 &&
           (strcmp(t, "SyntaxError") == 0 || strcmp(t, "IndentationError") == 0 ||
            strcmp(t, "TabError") == 0);
}

/* The run table checks see: the summary's fields plus out, events, error
 * (nil when the run ended normally) and verdict. */
void
check_py_push_run(lua_State *L, json_t *sum, const ll_result *res,
                  const ll_trace *tr)
{
    const char *status = json_string_value(json_object_get(sum, "status"));
    if (sum != NULL)
        check_push_json(L, sum, 0);
    else
        lua_newtable(L);
    lua_pushstring(L, res->output ? res->output : "");
    lua_setfield(L, -2, "out");
    if (status != NULL && strcmp(status, "ok") == 0)
        lua_pushnil(L);
    else
        lua_pushstring(L, res->error ? res->error : "no result");
    lua_setfield(L, -2, "error");
    check_push_events(L, tr);
    lua_setfield(L, -2, "events");
    lua_pushstring(L, ll_verdict_name(res->verdict));
    lua_setfield(L, -2, "verdict");
}

/* run.again{cancel_at = T, seed = N}: run the submission once more, with
 * the main task cancelled at virtual time T and/or another seed, and
 * return that run's table. */
int
check_py_again(lua_State *L)
{
    const py_ctx *pc = lua_touserdata(L, lua_upvalueindex(1));
    double cancel_at = -1;
    uint64_t seed = pc->opts.seed;
    ll_result res;
    ll_trace *tr = NULL;
    json_t *sum = NULL;

    if (ll_sandbox_interrupted())
        return luaL_error(L, "interrupted");
    if (!lua_isnoneornil(L, 1)) {
        luaL_checktype(L, 1, LUA_TTABLE);
        if (lua_getfield(L, 1, "cancel_at") != LUA_TNIL) {
            cancel_at = luaL_checknumber(L, -1);
            luaL_argcheck(L, cancel_at >= 0, 1, "cancel_at must be >= 0");
        }
        if (lua_getfield(L, 1, "seed") != LUA_TNIL) {
            lua_Integer s = luaL_checkinteger(L, -1);
            luaL_argcheck(L, s >= 0, 1, "seed must be >= 0");
            seed = (uint64_t)s;
        }
        lua_pop(L, 2);
    }
    if (ll_trace_new(&tr) != LL_OK)
        return luaL_error(L, "out of memory");
    ll_result_init(&res);
    check_py_run(pc, seed, cancel_at, &res, tr, &sum);
    check_py_push_run(L, sum, &res, tr);
    json_decref(sum);
    ll_result_close(&res);
    ll_trace_free(tr);
    return 1;
}

static int
check_run_python(const ll_exercise *ex, const char *file,
                 const ll_check_opts *opts, const ll_checks_meta *meta,
                 ll_result *r, ll_trace *tr)
{
    py_ctx pc = { ex, file, *opts, meta->lab_json, NULL, true, meta->threads };
    ll_lua_ctx ctx;
    lua_State *L;
    json_t *sum = NULL;
    char *err = NULL, *checks;
    int rc = LL_OK;

    if (meta->scenarios != NULL)
        return check_run_scenarios(ex, file, opts, meta, r, tr);
    check_py_run(&pc, opts->seed, -1, r, tr, &sum);
    check_python_notes(r, sum);     /* a never-awaited coroutine, first */
    if (sum != NULL && check_py_syntax_error(sum)) {
        /* it never ran: no check can say anything; all are "not run" */
        json_decref(sum);
        return LL_OK;
    }
    if (sum == NULL)
        return LL_OK;
    /* The checks: a sandboxed state in this process, fed the run table. */
    ll_lua_ctx_init(&ctx, LL_CLOCK_VIRTUAL, 1, 0);
    ctx.mem_limit = CHECK_LUA_MEM;
    L = ll_lua_new(&ctx);
    if (L == NULL) {
        json_decref(sum);
        return LL_ENOMEM;
    }
    check_py_push_run(L, sum, r, tr);
    lua_pushlightuserdata(L, &pc);
    lua_pushcclosure(L, check_py_again, 1);
    lua_setfield(L, -2, "again");
    checks = ll_asprintf("%s/checks.lua", ex->dir);
    if (checks == NULL)
        rc = LL_ENOMEM;
    else if (ll_checklib_eval(L, checks, -1, r, &err) != LL_OK)
        check_fail(r, LL_VERDICT_INTERNAL, "broken checks file: %s", err);
    ll_free(checks);
    ll_free(err);
    ll_lua_close(L);
    json_decref(sum);
    return rc;
}

/* {=================== where a stopped run was ===================} */

/* A run stopped at a time limit: the harness's last "where" note (see
 * _arm_where in looplab_harness.py) names the function of the student's
 * file that was running, and whether an event loop was running it. The
 * note is unsealed (the run was killed) and so only informs: it is
 * checked for shape and added to the message, never judged. */
static void
check_say_where(ll_result *res, const char *buf, size_t len)
{
    const char *p = buf, *end = buf + len, *last = NULL;
    char fn[64], *msg;
    int line = 0, k;
    bool loop;
    json_t *o;
    const char *what;

    if (res->verdict != LL_VERDICT_TLE || buf == NULL)
        return;
    /* the harness writes json.dumps' default form: "ev": "where" */
    while ((p = memmem(p, (size_t)(end - p), "\"ev\": \"where\"", 13)) != NULL)
        last = p++;
    if (last == NULL)
        return;
    while (last > buf && last[-1] != '\n')
        last--;
    p = memchr(last, '\n', (size_t)(end - last));
    o = json_loadb(last, (size_t)((p ? p : end) - last), 0, NULL);
    what = json_string_value(json_object_get(o, "what"));
    if (what == NULL || sscanf(what, "%63[A-Za-z0-9_<>]:%d:%n", fn, &line,
                               &k) != 2 || line <= 0) {
        json_decref(o);
        return;
    }
    loop = strcmp(what + k, "loop") == 0;
    msg = ll_asprintf("%s It was running %s()%s, line %d of your file, when "
                      "the limit hit.%s", res->error ? res->error : "",
                      fn, strcmp(fn, "<module>") == 0 ? " (top level)" : "",
                      line, loop ? " The event loop was running it: code "
                      "that computes without an await that suspends (a "
                      "CPU loop, time.sleep) inside a coroutine blocks the "
                      "loop, so no other task runs and the clock never "
                      "moves." : "");
    json_decref(o);
    if (msg != NULL) {
        ll_free(res->error);
        res->error = msg;
    }
}

/* {=================== entry ===================} */

/* Grade once under opts->seed. */
static int
check_once(const ll_exercise *ex, const char *file, const ll_check_opts *o,
           const ll_checks_meta *meta, ll_result *out, ll_trace *tr)
{
    size_t i;
    int rc = ex->kind == LL_EX_PYTHON
           ? check_run_python(ex, file, o, meta, out, tr)
           : check_run_lua(ex, file, o, out, tr);
    for (i = 0; i < out->nchecks; i++)
        if (!out->checks[i].passed && out->verdict == LL_VERDICT_PASS)
            out->verdict = LL_VERDICT_FAIL;
    if (out->nchecks == 0 && out->verdict == LL_VERDICT_PASS)
        check_fail(out, LL_VERDICT_INTERNAL, "no checks ran%s", "");
    out->seed = o->seed;
    out->sandbox = ll_sandbox_level();
    return rc;
}

/* Tell the student which seed fails and how to replay it. */
static void
check_note_seed(const ll_exercise *ex, ll_result *r)
{
    size_t i;
    for (i = 0; i < r->nchecks; i++) {
        ll_check_result *c = &r->checks[i];
        char *m;
        if (c->passed)
            continue;
        m = ll_asprintf("%s%s(fails with schedule seed %llu; replay it: "
                        "looplab check %s --seed %llu)", c->message,
                        *c->message ? "\n" : "", (unsigned long long)r->seed,
                        ex->id, (unsigned long long)r->seed);
        if (m != NULL) {
            ll_free(c->message);
            c->message = m;
        }
    }
}

/* The run hit a limit before its checks ran: list them all as failed so
 * the student sees what was at stake and the score has its real maximum. */
static void
check_not_run(ll_result *r, const ll_result *declared)
{
    const char *kind = ll_check_compile_error(r->error);
    char *msg = kind != NULL
        ? ll_asprintf("not run: the file does not compile (%s); fix that "
                      "first", kind)
        : ll_asprintf("not run: %s (%s); fix that first",
                      ll_verdict_why(r->verdict), ll_verdict_name(r->verdict));
    size_t i;

    for (i = 0; msg != NULL && i < declared->nchecks; i++)
        ll_result_add(r, declared->checks[i].name, declared->checks[i].points,
                      false, declared->checks[i].hidden, msg, "");
    r->stopped = true;
    ll_free(msg);
}

int
ll_check_run(const ll_exercise *ex, const char *file,
             const ll_check_opts *opts, ll_result *out)
{
    ll_check_opts o = { .timeout_s = 10 };
    ll_checks_meta meta;
    ll_trace *tr = NULL;
    uint64_t one = 0;
    const uint64_t *seeds = &one;
    size_t nseeds = 1, k;
    char *checks, *err = NULL;
    struct stat st;
    int rc = LL_OK;

    ll_result_init(out);
    memset(&meta, 0, sizeof meta);
    if (opts != NULL)
        o = *opts;
    if (o.timeout_s <= 0)
        o.timeout_s = 10;
    out->exercise = ll_strdup(ex->id);
    out->sandbox = ll_sandbox_level();
    out->seed = o.seed;
    check_hide_course(ex);
    if (out->exercise == NULL || ll_trace_new(&tr) != LL_OK)
        return LL_ENOMEM;
    if (access(file, R_OK) != 0) {
        check_fail(out, LL_VERDICT_INTERNAL, "cannot read %s", file);
        goto done;
    }
    checks = ll_asprintf("%s/checks.lua", ex->dir);
    if (checks == NULL || ll_checklib_meta(checks, o.seed, &meta, &err) != LL_OK) {
        check_fail(out, LL_VERDICT_INTERNAL, "broken checks file: %s",
                   err ? err : "out of memory");
        ll_free(checks);
        ll_free(err);
        goto done;
    }
    ll_free(checks);
    if (meta.time_limit > 0)
        o.timeout_s = meta.time_limit;
    if (stat(file, &st) == 0 && st.st_size > (off_t)LL_CHECK_MAX_SUBMIT) {
        /* The student's doing, so a stored verdict; and never read it. */
        char what[96];
        snprintf(what, sizeof what, "%.1f MiB; the limit is %u MiB",
                 (double)st.st_size / (1 << 20), LL_CHECK_MAX_SUBMIT >> 20);
        check_fail(out, LL_VERDICT_FAIL, "the file is too big (%s)", what);
        for (k = 0; k < meta.declared.nchecks; k++)
            ll_result_add(out, meta.declared.checks[k].name,
                          meta.declared.checks[k].points, false,
                          meta.declared.checks[k].hidden,
                          "not run: the file is too big", "");
        goto done;
    }
    if (o.seed == 0 && ex->nseeds > 0) {
        seeds = ex->seeds;
        nseeds = ex->nseeds;
    } else if (o.seed == 0 && meta.nseeds > 0) {
        seeds = meta.seeds;
        nseeds = meta.nseeds;
    } else {
        one = o.seed;
    }
    for (k = 0; k < nseeds; k++) {
        ll_result tmp;
        ll_trace *ttr = NULL;
        ll_check_opts so = o;
        so.seed = seeds[k];
        ll_result_init(&tmp);
        tmp.exercise = ll_strdup(ex->id);
        if (tmp.exercise == NULL || ll_trace_new(&ttr) != LL_OK) {
            ll_result_close(&tmp);
            rc = LL_ENOMEM;
            break;
        }
        rc = check_once(ex, file, &so, &meta, &tmp, ttr);
        /* keep the first run, or the first that fails after passes */
        if (k == 0 || (out->verdict == LL_VERDICT_PASS &&
                       tmp.verdict != LL_VERDICT_PASS)) {
            ll_result_close(out);
            *out = tmp;
            ll_trace_free(tr);
            tr = ttr;
        } else {
            ll_result_close(&tmp);
            ll_trace_free(ttr);
        }
        if (ll_sandbox_interrupted())
            rc = LL_ECANCELED;         /* torn down; start nothing new */
        if (rc != LL_OK || out->verdict != LL_VERDICT_PASS)
            break;
    }
    if (out->nchecks == 0 && out->verdict != LL_VERDICT_INTERNAL
        && out->verdict != LL_VERDICT_PASS)
        check_not_run(out, &meta.declared);
    if (nseeds > 1 && (out->verdict == LL_VERDICT_FAIL ||
                       out->verdict == LL_VERDICT_RE ||
                       out->verdict == LL_VERDICT_TLE))
        check_note_seed(ex, out);
done:
    check_result_utf8(out);
    ll_checklib_meta_close(&meta);
    if (o.trace_out != NULL && tr != NULL && ll_trace_count(tr) > 0) {
        /* trace_path names a whole trace or nothing: a full disk leaves
         * it NULL (and no half file) so the caller can say so. */
        FILE *f = fopen(o.trace_out, "w");
        struct stat ts;
        bool written = f != NULL && ll_trace_write_jsonl(tr, f) == LL_OK;
        /* Only a regular file of ours is removed: never a device such
         * as /dev/full, a FIFO or whatever else the path names. */
        bool regular = f != NULL && fstat(fileno(f), &ts) == 0
                       && S_ISREG(ts.st_mode);
        if (f != NULL && fclose(f) != 0)
            written = false;
        if (written)
            out->trace_path = ll_strdup(o.trace_out);
        else if (regular)
            unlink(o.trace_out);
    }
    if (out->error == NULL)
        out->error = ll_strdup("");
    if (out->output == NULL)
        out->output = ll_strdup("");
    ll_trace_free(tr);
    return rc;
}

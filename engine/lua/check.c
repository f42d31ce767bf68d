/* SPDX-License-Identifier: MIT
 * engine/lua/check.c -- grade one file: run it supervised, then its checks.
 *
 * Python: /usr/bin/python3 -P -s grader/python/looplab_harness.py in its own
 * process group with rlimits, stdin /dev/null, stdout/stderr and the result
 * fd drained together while we wait, output capped, a wall limit measured
 * here, and the whole group killed at the end. Lua: a forked worker with a
 * fresh sandboxed state (instruction and memory caps) loads the student's
 * module and evaluates checks.lua itself; the parent only reads its JSON
 * answer. Either way the verdict folds by precedence: INTERNAL > TLE > MLE
 * > OLE > RE > FAIL > PASS, and a missing answer is INTERNAL, never a grade.
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
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checklib.h"
#include "host.h"

#define CHECK_OUT_CAP   (1u << 20)     /* bytes of stdout/stderr kept */
#define CHECK_LUA_INSTR 500000000L
#define CHECK_LUA_MEM   (256u << 20)

const char *
ll_check_python(void)
{
    const char *p = getenv("LOOPLAB_PYTHON");
    return p && *p ? p : "/usr/bin/python3";
}

const char *
ll_check_sandbox_level(void)
{
    return "L1";
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

/* {=================== supervised child ===================} */

typedef struct check_child {
    pid_t   pid;
    int     fd[3];        /* stdout, stderr, result */
    ll_buf  buf[3];
    bool    capped;       /* output limit hit */
    bool    timed_out;
    int     status;       /* waitpid status */
    double  wall;
} check_child;

/* as_limit: cap the address space too. Only for exec'd interpreters: the
 * forked Lua worker is capped by its Lua allocator instead, and an address
 * space limit would break sanitizer builds, which reserve huge shadow maps. */
static void
check_limits(double timeout_s, bool as_limit)
{
    struct rlimit rl;
    rl.rlim_cur = rl.rlim_max = (rlim_t)timeout_s + 2;
    setrlimit(RLIMIT_CPU, &rl);
    if (as_limit) {
        rl.rlim_cur = rl.rlim_max = 2048UL << 20;
        setrlimit(RLIMIT_AS, &rl);
    }
    rl.rlim_cur = rl.rlim_max = 64UL << 20;
    setrlimit(RLIMIT_FSIZE, &rl);
    rl.rlim_cur = rl.rlim_max = 0;
    setrlimit(RLIMIT_CORE, &rl);
}

/* Fork; in the child, wire fds 1,2 and `rfd_child` (result fd) to pipes,
 * stdin to /dev/null, new process group, limits. Returns 0 in the child. */
static int
check_fork(check_child *c, int rfd_child, double timeout_s, bool as_limit)
{
    int p[3][2], i;

    memset(c, 0, sizeof *c);
    for (i = 0; i < 3; i++) {
        ll_buf_init(&c->buf[i]);
        c->fd[i] = -1;
        if (pipe2(p[i], O_CLOEXEC) != 0)
            return -1;
    }
    c->pid = fork();
    if (c->pid < 0)
        return -1;
    if (c->pid == 0) {
        int devnull = open("/dev/null", O_RDONLY);
        setpgid(0, 0);
        /* If looplab itself is killed (kill -9 mid-check), take the
         * submission down too: it is in its own process group, so nothing
         * else would. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() == 1)
            _exit(127);
        dup2(devnull, 0);
        dup2(p[0][1], 1);
        dup2(p[1][1], 2);
        dup2(p[2][1], rfd_child);     /* dup2 clears CLOEXEC on the copy */
        check_limits(timeout_s, as_limit);
        return 0;
    }
    setpgid(c->pid, c->pid);
    for (i = 0; i < 3; i++) {
        close(p[i][1]);
        c->fd[i] = p[i][0];
    }
    return 1;
}

/* Drain all three pipes until EOF or the wall limit, then reap the whole
 * process group. Times are measured here, never trusted from the child. */
static void
check_supervise(check_child *c, double timeout_s)
{
    int64_t start = ll_mono_ns(), deadline = start + ll_clock_s2ns(timeout_s);
    char chunk[16384];
    int open_fds = 3, i;

    while (open_fds > 0) {
        struct pollfd pf[3];
        int64_t left = deadline - ll_mono_ns();
        int n = 0, map[3];
        if (left <= 0) {
            c->timed_out = true;
            break;
        }
        for (i = 0; i < 3; i++) {
            if (c->fd[i] >= 0) {
                pf[n].fd = c->fd[i];
                pf[n].events = POLLIN;
                map[n++] = i;
            }
        }
        if (poll(pf, (nfds_t)n, (int)(left / 1000000) + 1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (i = 0; i < n; i++) {
            ssize_t r;
            int k = map[i];
            if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            r = read(c->fd[k], chunk, sizeof chunk);
            if (r <= 0) {
                close(c->fd[k]);
                c->fd[k] = -1;
                open_fds--;
                continue;
            }
            if (c->buf[k].len + (size_t)r > CHECK_OUT_CAP) {
                c->capped = true;
                r = (ssize_t)(CHECK_OUT_CAP - c->buf[k].len);
            }
            ll_buf_add(&c->buf[k], chunk, (size_t)r);
        }
        if (c->capped)
            break;
    }
    kill(-c->pid, SIGKILL);          /* the whole tree, finished or not */
    while (waitpid(c->pid, &c->status, 0) < 0 && errno == EINTR)
        ;
    for (i = 0; i < 3; i++)
        if (c->fd[i] >= 0)
            close(c->fd[i]);
    c->wall = (double)(ll_mono_ns() - start) / 1e9;
}

static void
check_child_close(check_child *c)
{
    int i;
    for (i = 0; i < 3; i++)
        ll_buf_close(&c->buf[i]);
}

static bool
check_killed_by_memory(const check_child *c)
{
    const char *err = c->buf[1].data ? c->buf[1].data : "";
    return strstr(err, "MemoryError") != NULL ||
           strstr(err, "not enough memory") != NULL;
}

/* {=================== json -> lua ===================} */

static void
check_push_json(lua_State *L, json_t *v)
{
    const char *key;
    json_t *x;
    size_t i;

    switch (json_typeof(v)) {
    case JSON_OBJECT:
        lua_newtable(L);
        json_object_foreach(v, key, x) {
            check_push_json(L, x);
            lua_setfield(L, -2, key);
        }
        break;
    case JSON_ARRAY:
        lua_createtable(L, (int)json_array_size(v), 0);
        json_array_foreach(v, i, x) {
            check_push_json(L, x);
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

static void
check_push_events(lua_State *L, const ll_trace *tr)
{
    size_t i, n = ll_trace_count(tr);
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
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
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

/* {=================== python ===================} */

static void
check_fail(ll_result *r, ll_verdict v, const char *fmt, const char *a)
{
    r->verdict = ll_verdict_worst(r->verdict, v);
    ll_free(r->error);
    r->error = ll_asprintf(fmt, a ? a : "");
}

/* The summary line the harness writes last; NULL if it never came. */
static json_t *
check_python_summary(const char *text)
{
    const char *last = NULL, *p;
    json_t *o;
    const char *ev;

    for (p = text; *p; p += strcspn(p, "\n"), p += (*p == '\n'))
        if (*p != '\n')
            last = p;
    if (last == NULL)
        return NULL;
    o = json_loadb(last, strcspn(last, "\n"), 0, NULL);
    ev = json_string_value(json_object_get(o, "ev"));
    if (!json_is_object(o) || ev == NULL || strcmp(ev, "result") != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static int
check_run_python(const ll_exercise *ex, const char *file,
                 const ll_check_opts *opts, ll_result *r, ll_trace *tr)
{
    check_child c;
    char *harness = ll_check_harness_path();
    char seed[32], maxv[32];
    json_t *sum = NULL;
    int rc = LL_OK, errline = 0;
    ll_lua_ctx ctx;
    lua_State *L = NULL;
    char *err = NULL;
    const char *status;

    if (harness == NULL)
        return LL_ENOMEM;
    if (access(harness, R_OK) != 0 || access(ll_check_python(), X_OK) != 0) {
        check_fail(r, LL_VERDICT_INTERNAL, "cannot run the Python harness "
                   "(%s); run `looplab doctor`", harness);
        ll_free(harness);
        return LL_OK;
    }
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)opts->seed);
    snprintf(maxv, sizeof maxv, "%d", 3600);
    switch (check_fork(&c, 3, opts->timeout_s, true)) {
    case -1:
        check_fail(r, LL_VERDICT_INTERNAL, "cannot start python: %s",
                   strerror(errno));
        ll_free(harness);
        return LL_OK;
    case 0: {
        char *dir = ll_strdup(file), *slash = strrchr(dir, '/');
        static char e0[] = "PATH=/usr/bin:/bin", e1[] = "LANG=C.UTF-8",
                    e2[] = "PYTHONHASHSEED=0", e3[] = "PYTHONDONTWRITEBYTECODE=1",
                    e4[] = "PYTHONIOENCODING=utf-8", e5[] = "HOME=/tmp";
        char *const envp[] = { e0, e1, e2, e3, e4, e5, NULL };
        if (slash != NULL) {
            *slash = '\0';
            if (chdir(*dir ? dir : "/") != 0)
                _exit(127);
        }
        /* -P -s with our own clean environment is -I's isolation (no
         * script dir on sys.path, no user site, no PYTHON* from the
         * caller) while keeping PYTHONHASHSEED=0: -I would ignore it and
         * set ordering would change from run to run. */
        execle(ll_check_python(), ll_check_python(), "-P", "-s", harness,
               "--file", file, "--result-fd", "3", "--seed", seed,
               "--max-vtime", maxv, (char *)NULL, envp);
        _exit(127);
    }
    }
    check_supervise(&c, opts->timeout_s);
    ll_free(harness);
    (void)ex;

    r->wall = c.wall;
    r->output = ll_strdup(c.buf[0].data ? c.buf[0].data : "");
    /* A student could write to fd 3 too: a garbled trace line is ignored
     * (the events read so far stay); the summary line alone decides. */
    if (c.buf[2].data != NULL)
        (void)ll_trace_read_jsonl(tr, c.buf[2].data, &errline);
    sum = c.buf[2].data ? check_python_summary(c.buf[2].data) : NULL;
    if (c.timed_out) {
        char limit[32];
        snprintf(limit, sizeof limit, "%g", opts->timeout_s);
        check_fail(r, LL_VERDICT_TLE, "took longer than %s seconds of real "
                   "time (an endless loop, or real sleeping?)", limit);
    }
    else if (c.capped)
        check_fail(r, LL_VERDICT_OLE, "printed more than 1 MiB of output%s",
                   "");
    else if (WIFSIGNALED(c.status) && WTERMSIG(c.status) == SIGXCPU)
        check_fail(r, LL_VERDICT_TLE, "used too much CPU time%s", "");
    else if (sum == NULL && check_killed_by_memory(&c))
        check_fail(r, LL_VERDICT_MLE, "ran out of memory%s", "");
    else if (sum == NULL)
        check_fail(r, LL_VERDICT_INTERNAL, "the Python harness gave no "
                   "result:\n%s", c.buf[1].data ? c.buf[1].data : "");
    if (sum == NULL) {
        check_child_close(&c);
        return LL_OK;
    }

    status = json_string_value(json_object_get(sum, "status"));
    status = status ? status : "internal";
    r->vtime = json_number_value(json_object_get(sum, "vtime"));
    if (strcmp(status, "internal") == 0)
        check_fail(r, LL_VERDICT_INTERNAL, "harness error:\n%s",
                   json_string_value(json_object_get(sum, "error")));
    else if (strcmp(status, "vtime_limit") == 0)
        check_fail(r, LL_VERDICT_TLE, "ran for more than %s virtual seconds "
                   "(a loop that never ends?)", maxv);
    else if (strcmp(status, "error") == 0 || strcmp(status, "deadlock") == 0)
        check_fail(r, LL_VERDICT_RE, "%s",
                   json_string_value(json_object_get(sum, "error")));

    /* The checks: a sandboxed state in this process, fed the run table. */
    ll_lua_ctx_init(&ctx, LL_CLOCK_VIRTUAL, 1, 0);
    ctx.mem_limit = CHECK_LUA_MEM;
    L = ll_lua_new(&ctx);
    if (L == NULL) {
        rc = LL_ENOMEM;
        goto out;
    }
    check_push_json(L, sum);                 /* run = the summary, plus: */
    lua_pushstring(L, r->output);
    lua_setfield(L, -2, "out");
    if (strcmp(status, "ok") == 0) {
        lua_pushnil(L);
        lua_setfield(L, -2, "error");
    }
    check_push_events(L, tr);
    lua_setfield(L, -2, "events");
    {
        char *checks = ll_asprintf("%s/checks.lua", ex->dir);
        if (checks == NULL ||
            ll_checklib_eval(L, checks, -1, r, &err) != LL_OK)
            check_fail(r, LL_VERDICT_INTERNAL, "broken checks file: %s", err);
        ll_free(checks);
    }
out:
    ll_free(err);
    ll_lua_close(L);
    json_decref(sum);
    check_child_close(&c);
    return rc;
}

/* {=================== lua ===================} */

/* run.exec(fn, ...): fn as the main task of a fresh aio.run, measured. */
static int
l_check_exec(lua_State *L)
{
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    size_t mark = ctx->out ? ctx->out->len : 0;
    int64_t t0 = ll_clock_now(&ctx->clock);
    int n = lua_gettop(L), ok;

    luaL_checktype(L, 1, LUA_TFUNCTION);
    ll_lua_push_module(L, "aio");
    lua_getfield(L, -1, "run");
    lua_remove(L, -2);
    lua_insert(L, 1);
    ok = lua_pcall(L, n, 1, 0) == LUA_OK;
    lua_createtable(L, 0, 5);
    lua_insert(L, -2);
    lua_setfield(L, -2, ok ? "value" : "error");
    lua_pushboolean(L, ok);
    lua_setfield(L, -2, "ok");
    lua_pushnumber(L, (double)(ll_clock_now(&ctx->clock) - t0) / 1e9);
    lua_setfield(L, -2, "vtime");
    lua_pushlstring(L, ctx->out && ctx->out->data ? ctx->out->data + mark : "",
                    ctx->out ? ctx->out->len - mark : 0);
    lua_setfield(L, -2, "out");
    if (!ok) {
        lua_getfield(L, -1, "error");
        lua_setfield(L, -2, "error");
    }
    return 1;
}

static json_t *
check_result_json(const ll_result *r)
{
    json_t *o = json_object(), *a = json_array();
    size_t i;
    json_object_set_new(o, "verdict", json_integer(r->verdict));
    json_object_set_new(o, "error", json_string(r->error ? r->error : ""));
    json_object_set_new(o, "vtime", json_real(r->vtime));
    for (i = 0; i < r->nchecks; i++) {
        const ll_check_result *c = &r->checks[i];
        json_array_append_new(a, json_pack("{s:s, s:f, s:b, s:b, s:s, s:s}",
            "name", c->name, "points", c->points, "passed", c->passed,
            "hidden", c->hidden, "message", c->message,
            "measured", c->measured));
    }
    json_object_set_new(o, "checks", a);
    return o;
}

static int
check_result_from_json(ll_result *r, const char *text)
{
    json_t *o = json_loads(text, 0, NULL), *a, *c;
    size_t i;
    if (!json_is_object(o)) {
        json_decref(o);
        return LL_ESYNTAX;
    }
    r->verdict = ll_verdict_worst(r->verdict,
        (ll_verdict)json_integer_value(json_object_get(o, "verdict")));
    if (json_string_length(json_object_get(o, "error")) > 0) {
        ll_free(r->error);
        r->error = ll_strdup(json_string_value(json_object_get(o, "error")));
    }
    r->vtime = json_number_value(json_object_get(o, "vtime"));
    a = json_object_get(o, "checks");
    json_array_foreach(a, i, c) {
        ll_result_add(r, json_string_value(json_object_get(c, "name")),
                      json_number_value(json_object_get(c, "points")),
                      json_is_true(json_object_get(c, "passed")),
                      json_is_true(json_object_get(c, "hidden")),
                      json_string_value(json_object_get(c, "message")),
                      json_string_value(json_object_get(c, "measured")));
    }
    json_decref(o);
    return LL_OK;
}

/* In the forked worker: load the module, run the checks, print JSON. */
static int
check_lua_worker(const ll_exercise *ex, const char *file, uint64_t seed,
                 int out_fd)
{
    ll_lua_ctx ctx;
    lua_State *L;
    ll_buf out;
    ll_result r;
    char *err = NULL, *checks, *json;
    int env, run, rc;
    FILE *f;

    ll_buf_init(&out);
    ll_result_init(&r);
    ll_lua_ctx_init(&ctx, LL_CLOCK_VIRTUAL, 1, seed);
    ctx.mem_limit = CHECK_LUA_MEM;
    ctx.out = &out;
    L = ll_lua_new(&ctx);
    if (L == NULL)
        return 1;
    lua_newtable(L);
    run = lua_gettop(L);
    ll_lua_push_env(L);
    env = lua_gettop(L);
    rc = ll_lua_load_file(L, file, env, &err);
    if (rc == LL_OK) {
        ll_lua_set_budget(L, CHECK_LUA_INSTR);
        rc = ll_lua_pcall(L, 0, 1, &err);
        ll_lua_set_budget(L, 0);
    } else {
        lua_pushnil(L);
    }
    if (rc == LL_OK && !lua_istable(L, -1)) {
        err = ll_asprintf("%s must end with `return M`, a table of your "
                          "functions (it returned %s)", ex->file,
                          luaL_typename(L, -1));
        rc = LL_ERUNTIME;
    }
    if (rc != LL_OK) {
        lua_pop(L, 1);
        lua_newtable(L);
        r.verdict = rc == LL_ELIMIT ? LL_VERDICT_TLE
                  : rc == LL_ENOMEM ? LL_VERDICT_MLE : LL_VERDICT_RE;
        r.error = ll_strdup(err);
        lua_pushstring(L, err);
        lua_setfield(L, run, "error");
    }
    lua_setfield(L, run, "module");
    lua_pushlstring(L, out.data ? out.data : "", out.len);
    lua_setfield(L, run, "out");
    lua_pushnumber(L, (double)ll_clock_now(&ctx.clock) / 1e9);
    lua_setfield(L, run, "vtime");
    lua_newtable(L);
    lua_setfield(L, run, "blocking");
    lua_newtable(L);
    lua_setfield(L, run, "events");
    lua_newtable(L);
    lua_setfield(L, run, "warnings");
    lua_pushcfunction(L, l_check_exec);
    lua_setfield(L, run, "exec");
    ll_free(err);
    err = NULL;
    r.vtime = (double)ll_clock_now(&ctx.clock) / 1e9;
    checks = ll_asprintf("%s/checks.lua", ex->dir);
    if (ll_checklib_eval(L, checks, run, &r, &err) != LL_OK) {
        r.verdict = LL_VERDICT_INTERNAL;
        ll_free(r.error);
        r.error = ll_asprintf("broken checks file: %s", err ? err : "?");
    }
    ll_free(checks);
    ll_free(err);
    {
        json_t *o = check_result_json(&r);
        json = json_dumps(o, JSON_COMPACT);
        json_decref(o);
    }
    f = fdopen(out_fd, "w");
    if (f != NULL && json != NULL) {
        fputs(json, f);
        fclose(f);
    }
    free(json);
    ll_lua_close(L);
    ll_result_close(&r);
    ll_buf_close(&out);
    return 0;
}

static int
check_run_lua(const ll_exercise *ex, const char *file,
              const ll_check_opts *opts, ll_result *r)
{
    check_child c;

    fflush(NULL);
    switch (check_fork(&c, 3, opts->timeout_s, false)) {
    case -1:
        check_fail(r, LL_VERDICT_INTERNAL, "cannot fork: %s", strerror(errno));
        return LL_OK;
    case 0:
        _exit(check_lua_worker(ex, file, opts->seed, 3));
    }
    check_supervise(&c, opts->timeout_s);
    r->wall = c.wall;
    if (c.timed_out)
        check_fail(r, LL_VERDICT_TLE, "took longer than the time limit%s", "");
    else if (c.capped)
        check_fail(r, LL_VERDICT_OLE, "printed more than 1 MiB of output%s",
                   "");
    else if (c.buf[2].data == NULL ||
             check_result_from_json(r, c.buf[2].data) != LL_OK)
        check_fail(r, LL_VERDICT_INTERNAL, "the Lua worker gave no result "
                   "(%s)", WIFSIGNALED(c.status) ? strsignal(WTERMSIG(c.status))
                                                 : "no output");
    check_child_close(&c);
    return LL_OK;
}

/* {=================== entry ===================} */

int
ll_check_run(const ll_exercise *ex, const char *file,
             const ll_check_opts *opts, ll_result *out)
{
    ll_check_opts o = { .timeout_s = 10 };
    ll_trace *tr = NULL;
    size_t i;
    int rc;

    ll_result_init(out);
    if (opts != NULL)
        o = *opts;
    if (o.timeout_s <= 0)
        o.timeout_s = 10;
    out->exercise = ll_strdup(ex->id);
    if (out->exercise == NULL || ll_trace_new(&tr) != LL_OK)
        return LL_ENOMEM;
    if (access(file, R_OK) != 0) {
        check_fail(out, LL_VERDICT_INTERNAL, "cannot read %s", file);
        ll_trace_free(tr);
        return LL_OK;
    }
    rc = ex->kind == LL_EX_PYTHON ? check_run_python(ex, file, &o, out, tr)
                                  : check_run_lua(ex, file, &o, out);
    for (i = 0; i < out->nchecks; i++)
        if (!out->checks[i].passed && out->verdict == LL_VERDICT_PASS)
            out->verdict = LL_VERDICT_FAIL;
    if (out->nchecks == 0 && out->verdict == LL_VERDICT_PASS)
        check_fail(out, LL_VERDICT_INTERNAL, "no checks ran%s", "");
    if (o.trace_out != NULL && ll_trace_count(tr) > 0) {
        FILE *f = fopen(o.trace_out, "w");
        if (f != NULL) {
            ll_trace_write_jsonl(tr, f);
            fclose(f);
            out->trace_path = ll_strdup(o.trace_out);
        }
    }
    if (out->error == NULL)
        out->error = ll_strdup("");
    if (out->output == NULL)
        out->output = ll_strdup("");
    ll_trace_free(tr);
    return rc;
}

/* SPDX-License-Identifier: MIT
 * engine/lua/check.c -- grade one file: run it sandboxed, then its checks.
 *
 * Python: /usr/bin/python3 -P -s <attempt>/harness/looplab_harness.py on a
 * private copy of the submission's folder, in the sandbox of sandbox.h
 * (own session, rlimits, dedicated uid when we are root, seccomp at L2),
 * stdin /dev/null, stdout/stderr and the result fd drained together while
 * we wait, output capped, wall and CPU time measured here, and the whole
 * tree killed at the end. Its checks run in a sandboxed Lua state in this
 * process, fed the run table; run.again{cancel_at=, seed=} re-runs it.
 * Lua: a forked, sandboxed worker with a fresh state (instruction and memory
 * caps) loads the student's module and evaluates checks.lua itself; the
 * parent only reads its JSON answer. checks.lua may ask for several seeds:
 * the run is graded once per seed and the first failing one is reported.
 * The verdict folds by precedence INTERNAL > TLE > MLE > OLE > RE > FAIL >
 * PASS; an answer that never came is never a grade.
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

#include "checklib.h"
#include "host.h"
#include "sandbox.h"

#define CHECK_OUT_CAP   (1u << 20)     /* bytes of stdout/stderr kept */
#define CHECK_LUA_INSTR 500000000L
#define CHECK_LUA_MEM   (256u << 20)
#define CHECK_MAX_VTIME "3600"

const char *
ll_check_python(void)
{
    const char *p = getenv("LOOPLAB_PYTHON");
    return p && *p ? p : "/usr/bin/python3";
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

static void
check_fail(ll_result *r, ll_verdict v, const char *fmt, const char *a)
{
    r->verdict = ll_verdict_worst(r->verdict, v);
    ll_free(r->error);
    r->error = ll_asprintf(fmt, a ? a : "");
}

/* {=================== supervised child ===================} */

typedef struct check_child {
    pid_t   pid;
    int     fd[3];        /* stdout, stderr, result */
    ll_buf  buf[3];
    bool    capped;       /* output limit hit */
    bool    timed_out;    /* our wall timer fired */
    bool    exited;       /* the main process ended by itself */
    int     status;       /* wait4 status */
    double  wall;         /* parent-measured */
    double  cpu;          /* user+sys of the main process, from wait4 */
    ll_sandbox sb;
} check_child;

/* Fork into the sandbox (prepared in c->sb); in the child, wire fds 1,2
 * and 3 (the result fd) to pipes, stdin to /dev/null, and confine it.
 * Returns 0 in the child, 1 in the parent, -1 on failure. */
static int
check_fork(check_child *c, const ll_sandbox_limits *lim)
{
    int p[3][2], i;
    pid_t parent = getpid();

    for (i = 0; i < 3; i++) {
        ll_buf_init(&c->buf[i]);
        c->fd[i] = -1;
        p[i][0] = p[i][1] = -1;
    }
    for (i = 0; i < 3; i++)
        if (pipe2(p[i], O_CLOEXEC) != 0)
            goto fail;
    fflush(NULL);
    c->pid = fork();
    if (c->pid < 0)
        goto fail;
    if (c->pid == 0) {
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(p[0][1], 1) < 0 ||
            dup2(p[1][1], 2) < 0 || dup2(p[2][1], 3) < 0)
            _exit(126);
        if (ll_sandbox_enter(&c->sb, lim, parent) != LL_OK) {
            static const char msg[] = "looplab sandbox: cannot confine the child\n";
            ssize_t w = write(2, msg, sizeof msg - 1);
            (void)w;
            _exit(126);
        }
        return 0;
    }
    c->sb.pid = c->pid;
    for (i = 0; i < 3; i++) {
        close(p[i][1]);
        c->fd[i] = p[i][0];
    }
    return 1;
fail:
    for (i = 0; i < 3; i++) {
        if (p[i][0] >= 0) close(p[i][0]);
        if (p[i][1] >= 0) close(p[i][1]);
    }
    return -1;
}

static bool
check_wait(check_child *c, int flags)
{
    struct rusage ru;
    pid_t w;
    while ((w = wait4(c->pid, &c->status, flags, &ru)) < 0 && errno == EINTR)
        ;
    if (w != c->pid)
        return false;
    c->cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
             (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    return true;
}

/* Drain all three pipes while waiting (never wait first: a full pipe
 * would deadlock). EOF is not completion: once the main process has ended
 * we give stragglers 100 ms, then kill the whole tree -- a daemon holding
 * our pipes must not hang us. Times are measured here. */
static void
check_supervise(check_child *c, double timeout_s)
{
    int64_t start = ll_mono_ns(), deadline = start + ll_clock_s2ns(timeout_s);
    int64_t exit_at = 0;
    char chunk[16384];
    int open_fds = 3, i;
    bool reaped = false;

    for (;;) {
        struct pollfd pf[3];
        int64_t now = ll_mono_ns(), wait_ms;
        int n = 0, map[3];
        if (!reaped && check_wait(c, WNOHANG)) {
            reaped = c->exited = true;
            exit_at = now;
        }
        if (reaped && (open_fds == 0 || now - exit_at > 100000000LL))
            break;
        if (!reaped && now >= deadline) {
            c->timed_out = true;
            break;
        }
        /* short polls: also notice the exit of a child that prints nothing */
        wait_ms = (deadline - now) / 1000000 + 1;
        if (wait_ms > 10)
            wait_ms = 10;
        for (i = 0; i < 3; i++) {
            if (c->fd[i] >= 0) {
                pf[n].fd = c->fd[i];
                pf[n].events = POLLIN;
                map[n++] = i;
            }
        }
        if (poll(pf, (nfds_t)n, (int)wait_ms) < 0 && errno != EINTR)
            break;
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
    kill(-c->pid, SIGKILL);          /* the whole group, finished or not */
    if (!reaped)
        check_wait(c, 0);
    ll_sandbox_reap(&c->sb);         /* setsid daemons, the sandbox uid */
    for (i = 0; i < 3; i++)
        if (c->fd[i] >= 0) {
            close(c->fd[i]);
            c->fd[i] = -1;
        }
    c->wall = (double)(ll_mono_ns() - start) / 1e9;
}

static void
check_child_close(check_child *c)
{
    int i;
    for (i = 0; i < 3; i++)
        ll_buf_close(&c->buf[i]);
    ll_sandbox_cleanup(&c->sb);
}

static bool
check_killed_by_memory(const check_child *c)
{
    const char *err = c->buf[1].data ? c->buf[1].data : "";
    return strstr(err, "MemoryError") != NULL ||
           strstr(err, "not enough memory") != NULL;
}

/* The limit verdicts, decided by the parent from what it saw (never from
 * the child's own report). False when none applies. */
static bool
check_limit_verdict(const check_child *c, double timeout_s, ll_result *r)
{
    char lim[32];
    snprintf(lim, sizeof lim, "%g", timeout_s);
    if (c->timed_out) {
        check_fail(r, LL_VERDICT_TLE, "took longer than %s seconds of real "
                   "time (an endless loop, or waiting for something that "
                   "never comes?)", lim);
        return true;
    }
    if (WIFSIGNALED(c->status) && (WTERMSIG(c->status) == SIGXCPU ||
        (WTERMSIG(c->status) == SIGKILL && c->cpu >= timeout_s + 0.9))) {
        check_fail(r, LL_VERDICT_TLE, "used more than %s seconds of CPU time "
                   "(an endless loop?)", lim);
        return true;
    }
    if (c->capped || (WIFSIGNALED(c->status) && WTERMSIG(c->status) == SIGXFSZ)) {
        check_fail(r, LL_VERDICT_OLE, "%s", c->capped
                   ? "printed more than 1 MiB of output (a loop that never "
                     "stops printing?)"
                   : "wrote a file larger than 16 MiB");
        return true;
    }
    return false;
}

/* {=================== json -> lua ===================} */

/* Depth-capped: the result fd can carry anything a student wrote to it,
 * and this runs outside any pcall (a stack overflow here would panic). */
static void
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
static void
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
        lua_rawseti(L, -2, (lua_Integer)(i - from) + 1);
    }
}

static void
check_push_events(lua_State *L, const ll_trace *tr)
{
    check_push_events_from(L, tr, 0);
}

/* The block events from `from` on, as run.blocking's {t, task, what}. */
static void
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

typedef struct py_ctx {
    const ll_exercise *ex;
    const char        *file;
    ll_check_opts      opts;
    const char        *lab_json;    /* checks.lua's lab table, or NULL */
} py_ctx;

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

/* One supervised harness run. Fills res (verdict, error, output, vtime,
 * wall), the trace, and *sum (the summary, NULL when it never came). */
static void
py_run(const py_ctx *pc, uint64_t seed, double cancel_at, ll_result *res,
       ll_trace *tr, json_t **sum)
{
    check_child c;
    ll_sandbox_limits lim = { .timeout_s = pc->opts.timeout_s, .as_limit = true };
    char *harness = ll_check_harness_path(), *hdir = NULL, *err = NULL;
    const char *status, *rbuf;
    bool started;
    int errline = 0;

    *sum = NULL;
    memset(&c, 0, sizeof c);
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
    switch (check_fork(&c, &lim)) {
    case -1:
        check_fail(res, LL_VERDICT_INTERNAL, "cannot start python: %s",
                   strerror(errno));
        goto out;
    case 0: {
        char seedv[32], cancelv[32], *dir = ll_strdup(c.sb.file), *slash;
        static char e0[] = "PATH=/usr/bin:/bin", e1[] = "LANG=C.UTF-8",
                    e2[] = "PYTHONHASHSEED=0", e3[] = "PYTHONDONTWRITEBYTECODE=1",
                    e4[] = "PYTHONIOENCODING=utf-8";
        char *envp[8] = { e0, e1, e2, e3, e4, NULL };
        const char *argv[20];
        int n = 0;
        if (dir == NULL || (slash = strrchr(dir, '/')) == NULL)
            _exit(127);
        *slash = '\0';
        /* home and temp files in the attempt folder: the only place the
         * sandbox may write */
        envp[5] = ll_asprintf("HOME=%s", dir);
        envp[6] = ll_asprintf("TMPDIR=%s", dir);
        if (chdir(dir) != 0) {
            dprintf(2, "looplab sandbox: cannot enter %s: %s\n", dir,
                    strerror(errno));
            _exit(127);
        }
        snprintf(seedv, sizeof seedv, "%llu", (unsigned long long)seed);
        snprintf(cancelv, sizeof cancelv, "%.9g", cancel_at);
        /* -P -s with our own clean environment is -I's isolation (no
         * script dir on sys.path, no user site, no PYTHON* from the
         * caller) while keeping PYTHONHASHSEED=0: -I would ignore it and
         * set ordering would change from run to run. */
        argv[n++] = ll_check_python();
        argv[n++] = "-P";
        argv[n++] = "-s";
        argv[n++] = c.sb.harness;
        argv[n++] = "--origin";
        argv[n++] = pc->file;
        argv[n++] = "--file";
        argv[n++] = c.sb.file;
        argv[n++] = "--result-fd";
        argv[n++] = "3";
        argv[n++] = "--seed";
        argv[n++] = seedv;
        argv[n++] = "--max-vtime";
        argv[n++] = CHECK_MAX_VTIME;
        argv[n++] = "--lint";
        if (cancel_at >= 0) {
            argv[n++] = "--cancel-at";
            argv[n++] = cancelv;
        }
        if (pc->lab_json != NULL) {
            argv[n++] = "--lab";
            argv[n++] = pc->lab_json;
        }
        argv[n] = NULL;
        execve(ll_check_python(), (char *const *)argv, (char *const *)envp);
        dprintf(2, "looplab sandbox: cannot run %s %s: %s\n",
                ll_check_python(), c.sb.harness, strerror(errno));
        _exit(127);
    }
    }
    check_supervise(&c, pc->opts.timeout_s);

    res->wall = c.wall;
    ll_free(res->output);
    res->output = ll_strdup(c.buf[0].data ? c.buf[0].data : "");
    rbuf = c.buf[2].data ? c.buf[2].data : "";
    /* A student can write to fd 3 too: garbled trace lines are ignored
     * (the events read so far stay); the summary line alone decides. */
    (void)ll_trace_read_jsonl(tr, rbuf, &errline);
    *sum = check_python_summary(rbuf);
    started = strstr(rbuf, "\"ev\": \"start\"") != NULL;
    if (check_limit_verdict(&c, pc->opts.timeout_s, res))
        ;
    else if (*sum == NULL && check_killed_by_memory(&c))
        check_fail(res, LL_VERDICT_MLE, "ran out of memory (more than 2 GiB)%s", "");
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
    ll_free(err);
    ll_free(hdir);
    ll_free(harness);
    check_child_close(&c);
}

/* The run table checks see: the summary's fields plus out, events, error
 * (nil when the run ended normally) and verdict. */
static void
py_push_run(lua_State *L, json_t *sum, const ll_result *res,
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
static int
l_check_again(lua_State *L)
{
    const py_ctx *pc = lua_touserdata(L, lua_upvalueindex(1));
    double cancel_at = -1;
    uint64_t seed = pc->opts.seed;
    ll_result res;
    ll_trace *tr = NULL;
    json_t *sum = NULL;

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
    py_run(pc, seed, cancel_at, &res, tr, &sum);
    py_push_run(L, sum, &res, tr);
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
    py_ctx pc = { ex, file, *opts, meta->lab_json };
    ll_lua_ctx ctx;
    lua_State *L;
    json_t *sum = NULL;
    char *err = NULL, *checks;
    int rc = LL_OK;

    py_run(&pc, opts->seed, -1, r, tr, &sum);
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
    py_push_run(L, sum, r, tr);
    lua_pushlightuserdata(L, &pc);
    lua_pushcclosure(L, l_check_again, 1);
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

/* {=================== lua ===================} */

/* run.exec(fn, ...): fn as the main task of a fresh aio.run, measured. */
static int
l_check_exec(lua_State *L)
{
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    size_t mark = ctx->out ? ctx->out->len : 0;
    size_t ev0 = ctx->trace ? ll_trace_count(ctx->trace) : 0;
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
    check_push_events_from(L, ctx->trace, ev0);
    lua_setfield(L, -2, "events");
    check_push_blocking(L, ctx->trace, ev0);
    lua_setfield(L, -2, "blocking");
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
    {
        json_int_t v = json_integer_value(json_object_get(o, "verdict"));
        if (v < LL_VERDICT_PASS || v > LL_VERDICT_INTERNAL)
            v = LL_VERDICT_INTERNAL;
        r->verdict = ll_verdict_worst(r->verdict, (ll_verdict)v);
    }
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

/* {----- worker hardening (SANDBOX.md 3.5) -----} */

static bool check_out_tripped;     /* the worker's print passed the cap */

/* print with a cap: past it every print raises (sticky, so a pcall loop
 * cannot print on), and the verdict becomes OLE. */
static int
l_check_print(lua_State *L)
{
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    int n;
    if (!check_out_tripped && ctx->out && ctx->out->len <= CHECK_OUT_CAP) {
        n = ll_lua_print(L);
        if (ctx->out->len <= CHECK_OUT_CAP)
            return n;
    }
    check_out_tripped = true;
    return luaL_error(L, "output limit: more than 1 MiB printed");
}

/* Replaced in the student's environment: setmetatable refuses __gc
 * (finalizers run with hooks off: an endless one could not be stopped),
 * xpcall runs its handler after unwinding (handlers also run with hooks
 * off), collectgarbage only collects or counts. */
static const char check_harden_src[] =
    "local env, setmt, pcall, error, type, rawget, pack, unpack, gc = ...\n"
    "env.setmetatable = function(t, mt)\n"
    "  if type(mt) == 'table' and rawget(mt, '__gc') ~= nil then\n"
    "    error('__gc metamethods are not allowed in exercises', 2)\n"
    "  end\n"
    "  return setmt(t, mt)\n"
    "end\n"
    "env.xpcall = function(f, h, ...)\n"
    "  local r = pack(pcall(f, ...))\n"
    "  if r[1] then return unpack(r, 1, r.n) end\n"
    "  return false, h(r[2])\n"
    "end\n"
    "if gc then env.collectgarbage = function(opt, ...)\n"
    "  if opt == nil or opt == 'collect' or opt == 'count' or opt == 'step' then\n"
    "    return gc(opt, ...)\n"
    "  end\n"
    "  error(\"collectgarbage('\" .. tostring(opt) .. \"') is not allowed\", 2)\n"
    "end end\n";

static void
check_harden_env(lua_State *L, int env)
{
    static const char *const fns[] = { "setmetatable", "pcall", "error",
                                       "type", "rawget" };
    size_t i;
    lua_pushcfunction(L, l_check_print);
    lua_setfield(L, env, "print");
    if (luaL_loadbufferx(L, check_harden_src, sizeof check_harden_src - 1,
                         "=harden", "t") != LUA_OK)
        ll_panic("the worker hardening chunk does not load");
    lua_pushvalue(L, env);
    for (i = 0; i < LL_COUNTOF(fns); i++)
        lua_getglobal(L, fns[i]);
    lua_getglobal(L, "table");
    lua_getfield(L, -1, "pack");
    lua_getfield(L, -2, "unpack");
    lua_remove(L, -3);
    lua_getfield(L, env, "collectgarbage");
    if (lua_pcall(L, 9, 0, 0) != LUA_OK)
        lua_pop(L, 1);
}

/* In the forked worker (already confined): load the module, run the
 * checks, print JSON. Both sources were read before the worker dropped
 * its privileges. */
static int
check_lua_worker(const ll_exercise *ex, const char *file, const char *src,
                 const char *checks_path, const char *checks_src,
                 uint64_t seed, int out_fd)
{
    ll_lua_ctx ctx;
    lua_State *L;
    ll_buf out;
    ll_result r;
    char *err = NULL, *json, *chunk;
    int env, run, rc;
    FILE *f;

    ll_buf_init(&out);
    ll_result_init(&r);
    ll_lua_ctx_init(&ctx, LL_CLOCK_VIRTUAL, 1, seed);
    ctx.mem_limit = CHECK_LUA_MEM;
    ctx.out = &out;
    if (ll_trace_new(&ctx.trace) != LL_OK)
        return 1;
    L = ll_lua_new(&ctx);
    if (L == NULL)
        return 1;
    lua_newtable(L);
    run = lua_gettop(L);
    ll_lua_push_env(L);
    env = lua_gettop(L);
    check_harden_env(L, env);
    chunk = ll_asprintf("@%s", file);
    rc = chunk ? ll_lua_load_string(L, src, chunk, env, &err) : LL_ENOMEM;
    ll_free(chunk);
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
    check_push_blocking(L, ctx.trace, 0);
    lua_setfield(L, run, "blocking");
    check_push_events(L, ctx.trace);
    lua_setfield(L, run, "events");
    lua_newtable(L);
    lua_setfield(L, run, "warnings");
    lua_pushcfunction(L, l_check_exec);
    lua_setfield(L, run, "exec");
    ll_free(err);
    err = NULL;
    r.vtime = (double)ll_clock_now(&ctx.clock) / 1e9;
    if (ll_checklib_eval_src(L, checks_src, checks_path, run, &r, &err)
        != LL_OK) {
        r.verdict = LL_VERDICT_INTERNAL;
        ll_free(r.error);
        r.error = ll_asprintf("broken checks file: %s", err ? err : "?");
    }
    ll_free(err);
    if (check_out_tripped) {
        r.verdict = ll_verdict_worst(r.verdict, LL_VERDICT_OLE);
        ll_free(r.error);
        r.error = ll_strdup("printed more than 1 MiB of output (a loop that "
                            "never stops printing?)");
    }
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
    ll_trace_free(ctx.trace);
    ll_result_close(&r);
    ll_buf_close(&out);
    return 0;
}

static char *
check_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    ll_buf b;
    char chunk[8192];
    size_t n;
    if (f == NULL)
        return NULL;
    ll_buf_init(&b);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ll_buf_add(&b, chunk, n);
    fclose(f);
    ll_buf_add(&b, "", 0);
    return ll_buf_take(&b);
}

static int
check_run_lua(const ll_exercise *ex, const char *file,
              const ll_check_opts *opts, ll_result *r)
{
    check_child c;
    ll_sandbox_limits lim = { .timeout_s = opts->timeout_s };
    char *src = check_slurp(file), *err = NULL;
    char *checks = ll_asprintf("%s/checks.lua", ex->dir);
    char *checks_src = checks ? check_slurp(checks) : NULL;

    memset(&c, 0, sizeof c);
    if (src == NULL || checks_src == NULL) {
        check_fail(r, LL_VERDICT_INTERNAL, "cannot read %s",
                   src == NULL ? file : checks ? checks : "checks.lua");
        goto out;
    }
    if (ll_sandbox_prepare(&c.sb, file, NULL, &err) != LL_OK) {
        check_fail(r, LL_VERDICT_INTERNAL, "sandbox: %s", err ? err : "?");
        goto out;
    }
    switch (check_fork(&c, &lim)) {
    case -1:
        check_fail(r, LL_VERDICT_INTERNAL, "cannot fork: %s", strerror(errno));
        goto out;
    case 0:
        _exit(check_lua_worker(ex, file, src, checks, checks_src, opts->seed, 3));
    }
    check_supervise(&c, opts->timeout_s);
    r->wall = c.wall;
    if (check_limit_verdict(&c, opts->timeout_s, r))
        ;
    else if (c.buf[2].data == NULL ||
             check_result_from_json(r, c.buf[2].data) != LL_OK)
        check_fail(r, LL_VERDICT_INTERNAL, "the Lua worker gave no result "
                   "(%s)", WIFSIGNALED(c.status) ? strsignal(WTERMSIG(c.status))
                                                 : "no output");
out:
    check_child_close(&c);
    ll_free(err);
    ll_free(src);
    ll_free(checks);
    ll_free(checks_src);
    return LL_OK;
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
           : check_run_lua(ex, file, o, out);
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
    if (out->exercise == NULL || ll_trace_new(&tr) != LL_OK)
        return LL_ENOMEM;
    if (access(file, R_OK) != 0) {
        check_fail(out, LL_VERDICT_INTERNAL, "cannot read %s", file);
        goto done;
    }
    checks = ll_asprintf("%s/checks.lua", ex->dir);
    if (checks == NULL || ll_checklib_meta(checks, &meta, &err) != LL_OK) {
        check_fail(out, LL_VERDICT_INTERNAL, "broken checks file: %s",
                   err ? err : "out of memory");
        ll_free(checks);
        ll_free(err);
        goto done;
    }
    ll_free(checks);
    if (meta.time_limit > 0)
        o.timeout_s = meta.time_limit;
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
        if (rc != LL_OK || out->verdict != LL_VERDICT_PASS)
            break;
    }
    if (nseeds > 1 && (out->verdict == LL_VERDICT_FAIL ||
                       out->verdict == LL_VERDICT_RE ||
                       out->verdict == LL_VERDICT_TLE))
        check_note_seed(ex, out);
done:
    ll_checklib_meta_close(&meta);
    if (o.trace_out != NULL && tr != NULL && ll_trace_count(tr) > 0) {
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

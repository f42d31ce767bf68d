/* SPDX-License-Identifier: MIT
 * engine/procs/mod_procs.c -- `procs`: Process, the module functions, and
 * the pieces every part of the module uses (children's output, start
 * methods).
 *
 * Both start methods fork (engine/proc.c). `fork` continues in a copy of
 * the caller's own lua_State, so functions see the script's globals;
 * `spawn` builds a fresh sandboxed state in the child, so only what is
 * sent arrives (the L4.1 lesson: what works under fork breaks under spawn).
 * Pools live in procs_pool.c and procs_map.c, the child side in
 * procs_child.c, shared objects in procs_shm.c (procs_int.h).
 */
#include "procs_int.h"

#include <lauxlib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "engine/lua/host.h"
#include "engine/lua/serial.h"

#define PR_PROC_MT   "looplab.procs.Process"
#define PR_DEFAULT_SM "looplab.procs.start_method"

/* {==== helpers */

void
ll__procs_emit_text(lua_State *L, ll_buf *text, int pid)
{
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    char *p, *nl;
    if (text->len == 0)
        return;
    if (ctx->out != NULL)
        ll_buf_add(ctx->out, text->data, text->len);
    if (ctx->echo) {
        fwrite(text->data, 1, text->len, stdout);
        fflush(stdout);
    }
    if (ctx->trace != NULL)
        for (p = text->data; *p; p = nl + 1) {
            nl = strchr(p, '\n');
            if (nl == NULL)
                break;
            *nl = '\0';
            ll_trace_add(ctx->trace, (double)ll_clock_now(&ctx->clock) / 1e9,
                         LL_EV_OUTPUT, 0, pid, "process", p);
        }
    text->len = 0;
    if (text->data != NULL)
        text->data[0] = '\0';
}

int
ll__procs_start_method(lua_State *L, int idx)
{
    const char *sm;
    if (idx <= 0 || lua_isnoneornil(L, idx)) {
        lua_getfield(L, LUA_REGISTRYINDEX, PR_DEFAULT_SM);
        sm = lua_isstring(L, -1) ? lua_tostring(L, -1) : "fork";
        lua_pop(L, 1);
    } else {
        sm = luaL_checkstring(L, idx);
    }
    if (strcmp(sm, "fork") == 0)
        return SM_FORK;
    if (strcmp(sm, "spawn") == 0)
        return SM_SPAWN;
    return luaL_error(L, "ValueError: cannot find context for '%s' (start "
                         "methods: fork, spawn)", sm);
}

void
ll__procs_push_caller_env(lua_State *L)
{
    lua_Debug ar;
    int i;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "f", &ar)) {
        for (i = 1; ; i++) {
            const char *name = lua_getupvalue(L, -1, i);
            if (name == NULL)
                break;
            if (strcmp(name, "_ENV") == 0 && lua_istable(L, -1)) {
                lua_remove(L, -2);
                return;
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    ll_lua_push_env(L);
}

/* }==== */

/* {==== Process */

typedef struct pr_proc {
    ll_proc *p;
    int      start;
    bool     daemon;
    bool     started;
    long     max_instr;
    size_t   mem_limit;
    ll_buf   blob;            /* spawn: target and args */
    lua_State *L;             /* fork: the state the child goes on in */
} pr_proc;

/* uservalues: 1 target, 2 args table, 3 name */

static pr_proc *
pr_check_proc(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, PR_PROC_MT);
}

static int
pr_process_main(void *ud, int in_fd, int out_fd)
{
    pr_proc *pr = ud;
    lua_State *L;
    char *err = NULL;
    int rc, n = 0;
    (void)in_fd;
    (void)out_fd;
    if (pr->start == SM_FORK) {
        int i;
        L = pr->L;
        ll__procs_child_quiet(L);
        lua_getiuservalue(L, 1, 1);
        lua_getiuservalue(L, 1, 2);
        n = (int)lua_rawlen(L, -1);
        luaL_checkstack(L, n, "args");
        for (i = 1; i <= n; i++)
            lua_rawgeti(L, -1 - (i - 1), i);
        lua_remove(L, -1 - n);
    } else {
        int nv = 0;
        L = ll__procs_fresh_state(pr->max_instr, pr->mem_limit);
        if (L == NULL)
            return 1;
        ll_lua_push_env(L);
        if (ll_serial_load(L, pr->blob.data, pr->blob.len, lua_gettop(L), &nv,
                           &err) != LL_OK)
            return 1;
        n = nv - 1;
    }
    rc = ll_lua_pcall(L, n, 0, &err);
    if (rc != LL_OK) {
        printf("Process failed: %s\n", err ? err : "?");
        fflush(stdout);
        return 1;
    }
    return 0;
}

static int
l_pr_proc_new(lua_State *L)
{
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    int top = lua_gettop(L);
    pr_proc *pr = lua_newuserdatauv(L, sizeof *pr, 3);
    static unsigned counter;

    memset(pr, 0, sizeof *pr);
    ll_buf_init(&pr->blob);
    pr->max_instr = ctx->max_instr;
    pr->mem_limit = ctx->mem_limit;
    luaL_setmetatable(L, PR_PROC_MT);
    pr->start = SM_FORK;
    if (ll_lua_target_args(L, top + 1, "Process")) {
        lua_getfield(L, 1, "daemon");
        pr->daemon = lua_toboolean(L, -1);
        lua_pop(L, 1);
        lua_getfield(L, 1, "start_method");
        pr->start = ll__procs_start_method(L, lua_isnil(L, -1) ? 0 : lua_gettop(L));
        lua_pop(L, 1);
    } else {
        pr->start = ll__procs_start_method(L, 0);
    }
    if (lua_getiuservalue(L, top + 1, 3) == LUA_TNIL) {
        lua_pushfstring(L, "Process-%d", (int)++counter);
        lua_setiuservalue(L, top + 1, 3);
    }
    lua_settop(L, top + 1);
    return 1;
}

static int
l_pr_proc_start(lua_State *L)
{
    pr_proc *pr = pr_check_proc(L, 1);
    int rc;
    lua_settop(L, 1);
    if (pr->started)
        return luaL_error(L, "AssertionError: cannot start a process twice");
    if (pr->start == SM_SPAWN) {
        /* spawn pickles the target and its arguments: fail here, in the
         * parent, with the path of what cannot go */
        ll_serial_opts so = { .cross_process = true, .target = "a spawned "
                              "process" };
        char *err = NULL;
        int n, i;
        lua_getiuservalue(L, 1, 1);
        lua_getiuservalue(L, 1, 2);
        n = (int)lua_rawlen(L, 3);
        luaL_checkstack(L, n, "args");
        for (i = 1; i <= n; i++)
            lua_rawgeti(L, 3, i);
        lua_remove(L, 3);
        /* trial dumps name the culprit ("target: ..." / "args[2]: ..."),
         * then one blob carries both */
        {
            ll_buf t1, t2;
            ll_buf_init(&t1);
            ll_buf_init(&t2);
            rc = ll_serial_dump(L, 2, 1, "target", &so, &t1, &err);
            if (rc == LL_OK)
                rc = ll_serial_dump(L, 3, n, "args[%d]", &so, &t2, &err);
            ll_serial_discard(t1.data, t1.len);
            ll_serial_discard(t2.data, t2.len);
            ll_buf_close(&t1);
            ll_buf_close(&t2);
            if (rc == LL_OK)
                rc = ll_serial_dump(L, 2, n + 1, "target", &so, &pr->blob,
                                    &err);
        }
        lua_settop(L, 1);
        if (rc != LL_OK) {
            lua_pushstring(L, err ? err : ll_strerror(rc));
            ll_free(err);
            return lua_error(L);
        }
    }
    pr->L = L;
    rc = ll_proc_start(pr_process_main, pr, &pr->p);
    pr->L = NULL;
    /* the child has its own copy of the blob; release our handle refs */
    ll_serial_discard(pr->blob.data, pr->blob.len);
    ll_buf_close(&pr->blob);
    if (rc != LL_OK)
        return luaL_error(L, "procs: cannot start a process: %s",
                          ll_strerror(rc));
    pr->started = true;
    return 0;
}

static void
pr_proc_collect(lua_State *L, pr_proc *pr, double timeout, bool *exited)
{
    ll_buf text;
    int code;
    ll_buf_init(&text);
    *exited = ll_proc_wait(pr->p, timeout < 0 ? -1 : ll_clock_s2ns(timeout),
                           &text, &code) == LL_OK;
    ll__procs_emit_text(L, &text, (int)ll_proc_pid(pr->p));
    ll_buf_close(&text);
}

static int
l_pr_proc_join(lua_State *L)
{
    pr_proc *pr = pr_check_proc(L, 1);
    double timeout = ll__futures_opt_timeout(L, 2);
    bool exited;
    if (!pr->started)
        return luaL_error(L, "AssertionError: can only join a started "
                             "process");
    pr_proc_collect(L, pr, timeout, &exited);
    lua_pushboolean(L, exited);
    return 1;
}

static int
l_pr_proc_is_alive(lua_State *L)
{
    pr_proc *pr = pr_check_proc(L, 1);
    bool exited = true;
    if (pr->started)
        pr_proc_collect(L, pr, 0, &exited);
    lua_pushboolean(L, pr->started && !exited);
    return 1;
}

static int
pr_proc_signal(lua_State *L, int sig)
{
    pr_proc *pr = pr_check_proc(L, 1);
    if (pr->started)
        ll_proc_signal(pr->p, sig);
    return 0;
}

static int l_pr_proc_terminate(lua_State *L) { return pr_proc_signal(L, SIGTERM); }
static int l_pr_proc_kill(lua_State *L) { return pr_proc_signal(L, SIGKILL); }

static int
l_pr_proc_gc(lua_State *L)
{
    pr_proc *pr = luaL_checkudata(L, 1, PR_PROC_MT);
    if (pr->p != NULL) {
        ll_buf text;
        ll_buf_init(&text);
        /* interpreter exit: daemons are terminated, the rest joined (with
         * a bound, so a stuck child cannot hang looplab) */
        if (pr->daemon)
            ll_proc_signal(pr->p, SIGTERM);
        if (ll_proc_wait(pr->p, 30 * 1000000000LL, &text, NULL) != LL_OK)
            ll_proc_signal(pr->p, SIGKILL);
        ll__procs_emit_text(L, &text, (int)ll_proc_pid(pr->p));
        ll_buf_close(&text);
        ll_proc_free(pr->p);
        pr->p = NULL;
    }
    ll_buf_close(&pr->blob);
    return 0;
}

static int
l_pr_proc_index(lua_State *L)
{
    pr_proc *pr = pr_check_proc(L, 1);
    const char *k = luaL_checkstring(L, 2);
    int code;
    if (strcmp(k, "pid") == 0) {
        if (pr->started)
            lua_pushinteger(L, ll_proc_pid(pr->p));
        else
            lua_pushnil(L);
        return 1;
    }
    if (strcmp(k, "exitcode") == 0) {
        bool exited = false;
        if (pr->started)
            pr_proc_collect(L, pr, 0, &exited);
        if (exited && ll_proc_exited(pr->p, &code))
            lua_pushinteger(L, code);
        else
            lua_pushnil(L);
        return 1;
    }
    if (strcmp(k, "name") == 0) {
        lua_getiuservalue(L, 1, 3);
        return 1;
    }
    if (strcmp(k, "daemon") == 0) {
        lua_pushboolean(L, pr->daemon);
        return 1;
    }
    if (strcmp(k, "start_method") == 0) {
        lua_pushstring(L, pr->start == SM_FORK ? "fork" : "spawn");
        return 1;
    }
    return ll_lua_method(L, 1, k);
}

/* }==== */

/* {==== module functions */

static int
l_pr_set_start_method(lua_State *L)
{
    lua_settop(L, 1);
    ll__procs_start_method(L, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, PR_DEFAULT_SM);
    return 0;
}

static int
l_pr_get_start_method(lua_State *L)
{
    lua_pushstring(L, ll__procs_start_method(L, 0) == SM_FORK ? "fork" : "spawn");
    return 1;
}

static int
l_pr_cpu_count(lua_State *L)
{
    lua_pushinteger(L, sysconf(_SC_NPROCESSORS_ONLN));
    return 1;
}

static int
l_pr_getpid(lua_State *L)
{
    lua_pushinteger(L, getpid());
    return 1;
}

/* }==== */

int
luaopen_looplab_procs(lua_State *L)
{
    static const luaL_Reg proc_m[] = {
        {"start", l_pr_proc_start}, {"join", l_pr_proc_join},
        {"is_alive", l_pr_proc_is_alive}, {"terminate", l_pr_proc_terminate},
        {"kill", l_pr_proc_kill}, {NULL, NULL}
    };
    static const luaL_Reg proc_mm[] = {
        {"__gc", l_pr_proc_gc}, {"__index", l_pr_proc_index}, {NULL, NULL}
    };
    static const luaL_Reg funcs[] = {
        {"Process", l_pr_proc_new},
        {"set_start_method", l_pr_set_start_method},
        {"get_start_method", l_pr_get_start_method},
        {"cpu_count", l_pr_cpu_count}, {"getpid", l_pr_getpid},
        {NULL, NULL}
    };

    ll_lua_newclass(L, PR_PROC_MT, proc_m, proc_mm);
    luaL_newlib(L, funcs);
    ll__procs_pool_open(L);
    ll__procs_shm_open(L);
    return 1;
}


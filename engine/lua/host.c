/* SPDX-License-Identifier: MIT
 * engine/lua/host.c -- sandboxed Lua states with limits and an engine context.
 *
 * Follows redis's script_lua.c (allow list, masked count hook) and lua.c
 * (docall/msghandler). The allow list is data: to expose something new to
 * scripts, add it to host_safe_globals / host_safe_libs.
 */
#include "host.h"

#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/task.h"

#define HOST_HOOK_EVERY 1000   /* instructions per count-hook call */

typedef struct host_state {
    ll_lua_ctx *ctx;
} host_state;

void
ll_lua_ctx_init(ll_lua_ctx *ctx, ll_clock_mode mode, double speed,
                uint64_t seed)
{
    memset(ctx, 0, sizeof *ctx);
    if (mode == LL_CLOCK_REAL)
        ll_clock_init_real(&ctx->clock, speed);
    else
        ll_clock_init_virtual(&ctx->clock);
    ctx->seed = seed;
}

static void *
host_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    ll_lua_ctx *ctx = ud;
    size_t old = ptr ? osize : 0;

    if (nsize == 0) {
        ctx->mem_used -= old;
        free(ptr);
        return NULL;
    }
    if (ctx->mem_limit && nsize > old &&
        ctx->mem_used + (nsize - old) > ctx->mem_limit)
        return NULL;
    ptr = realloc(ptr, nsize);
    if (ptr != NULL)
        ctx->mem_used = ctx->mem_used - old + nsize;
    return ptr;
}

ll_lua_ctx *
ll_lua_ctx_of(lua_State *L)
{
    return (*(host_state **)lua_getextraspace(L))->ctx;
}

static void
host_hook(lua_State *L, lua_Debug *ar)
{
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    (void)ar;
    if (!ctx->killed) {
        bool over = ctx->max_instr > 0 &&
                    (ctx->instr += HOST_HOOK_EVERY) > ctx->max_instr;
        bool late = ctx->deadline_ns != 0 && ll_mono_ns() > ctx->deadline_ns;
        if (!over && !late)
            return;
        ctx->killed = true;
        ctx->timed_out = late && !over;
    }
    /* Fire again at the very next instruction, so `pcall` around the
     * offending loop cannot swallow the kill. */
    lua_sethook(L, host_hook, LUA_MASKCOUNT, 1);
    if (ctx->timed_out)
        luaL_error(L, "time limit exceeded");
    luaL_error(L, "instruction limit exceeded (%I instructions)",
               (lua_Integer)ctx->max_instr);
}

void
ll_lua_set_budget(lua_State *L, long max_instructions)
{
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    ctx->max_instr = max_instructions;
    ctx->instr = 0;
    ctx->killed = false;
    ctx->timed_out = false;
    ctx->deadline_ns = 0;
    if (max_instructions > 0)
        lua_sethook(L, host_hook, LUA_MASKCOUNT, HOST_HOOK_EVERY);
    else
        lua_sethook(L, NULL, 0, 0);
}

void
ll_lua_set_deadline(lua_State *L, double seconds)
{
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    ctx->deadline_ns = seconds > 0 ? ll_mono_ns() + (int64_t)(seconds * 1e9)
                                   : 0;
}

lua_State *
ll_lua_new(ll_lua_ctx *ctx)
{
    lua_State *L = lua_newstate(host_alloc, ctx);
    host_state *hs;

    if (L == NULL)
        return NULL;
    hs = malloc(sizeof *hs);
    if (hs == NULL) {
        lua_close(L);
        return NULL;
    }
    hs->ctx = ctx;
    *(host_state **)lua_getextraspace(L) = hs;
    /* Ignore LUA_PATH & co: scripts never reach the host's Lua installation. */
    lua_pushboolean(L, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, "LUA_NOENV");
    luaL_openlibs(L);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
    lua_pushcfunction(L, luaopen_looplab_aio);
    lua_setfield(L, -2, "aio");
    lua_pushcfunction(L, luaopen_looplab_threads);
    lua_setfield(L, -2, "threads");
    lua_pushcfunction(L, luaopen_looplab_procs);
    lua_setfield(L, -2, "procs");
    lua_pop(L, 1);
    return L;
}

void
ll_lua_close(lua_State *L)
{
    host_state *hs;
    if (L == NULL)
        return;
    hs = *(host_state **)lua_getextraspace(L);
    lua_close(L);
    free(hs);
}

static int
host_tolstring(lua_State *L)
{
    luaL_tolstring(L, 1, NULL);
    return 1;
}

/* __tostring is student code: it may error, yield, loop into the budget
 * or return a non-string. The engine formats error values on paths that
 * must not unwind (finishing a task, a message handler), so the call is
 * protected and a failure becomes a placeholder naming the type. */
const char *
ll_lua_pushsafestring(lua_State *L, int idx, size_t *len)
{
    idx = lua_absindex(L, idx);
    if (!lua_checkstack(L, 3))
        return NULL;
    if (lua_type(L, idx) == LUA_TSTRING) {
        lua_pushvalue(L, idx);
        return lua_tolstring(L, -1, len);
    }
    lua_pushcfunction(L, host_tolstring);
    lua_pushvalue(L, idx);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
        lua_pop(L, 1);
        lua_pushfstring(L, "(error object is a %s value; its __tostring "
                        "failed)", luaL_typename(L, idx));
    }
    return lua_tolstring(L, -1, len);
}

char *
ll_lua_tostring(lua_State *L, int idx)
{
    const char *s;
    char *r;
    idx = lua_absindex(L, idx);
    s = ll_lua_pushsafestring(L, idx, NULL);
    if (s == NULL)
        return NULL;
    r = ll_strdup(s);
    lua_pop(L, 1);
    return r;
}

int
ll_lua_print(lua_State *L)
{
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    int i, n = lua_gettop(L);
    ll_buf line;
    const char *p;

    ll_buf_init(&line);
    for (i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1)
            ll_buf_add(&line, "\t", 1);
        ll_buf_add(&line, s, len);
        lua_pop(L, 1);
    }
    ll_buf_add(&line, "\n", 1);
    if (line.data == NULL)
        return luaL_error(L, "print: out of memory");
    if (ctx->out != NULL)
        ll_buf_add(ctx->out, line.data, line.len);
    if (ctx->echo) {
        fwrite(line.data, 1, line.len, stdout);
        fflush(stdout);
    }
    if (ctx->trace != NULL) {
        ll_task *t = ctx->sched ? ll_sched_current(ctx->sched) : NULL;
        double now = (double)ll_clock_now(&ctx->clock) / 1e9;
        char nb[LL_TASK_NAME_MAX];
        for (p = line.data; *p; ) {
            const char *nl = strchr(p, '\n');
            char *text = ll_strndup(p, (size_t)(nl - p));
            ll_trace_add(ctx->trace, now, LL_EV_OUTPUT, t ? t->id : 0, -1,
                         t ? ll_task_name(t, nb) : "", text);
            ll_free(text);
            p = nl + 1;
        }
    }
    ll_buf_close(&line);
    return 0;
}

/* `require` inside the sandbox: preloaded modules only (aio). Results are
 * cached in a private registry table, never looked up in package.loaded:
 * that table holds the real io, os and debug libraries. */
static int
host_require(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, "looplab.sandbox_loaded");
    if (lua_getfield(L, -1, name) != LUA_TNIL)
        return 1;
    lua_pop(L, 1);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
    if (lua_getfield(L, -1, name) != LUA_TFUNCTION)
        return luaL_error(L, "module '%s' not found (scripts may require: aio)",
                          name);
    lua_pushstring(L, name);
    lua_call(L, 1, 1);
    lua_pushvalue(L, -1);
    lua_setfield(L, -4, name);      /* sandbox_loaded[name] = module */
    return 1;
}

void
ll_lua_push_module(lua_State *L, const char *name)
{
    lua_pushcfunction(L, host_require);
    lua_pushstring(L, name);
    lua_call(L, 1, 1);
}

static const char *const host_safe_globals[] = {
    "assert", "error", "ipairs", "next", "pairs", "pcall", "select",
    "tonumber", "tostring", "type", "xpcall", "rawequal", "rawlen",
    "rawget", "rawset", "setmetatable", "getmetatable", "_VERSION", NULL
};

static const char *const host_safe_libs[] = {
    "string", "table", "math", "utf8", "coroutine", NULL
};

/* Copy a library table, leaving out the named fields. */
static void
host_copy_lib(lua_State *L, const char *lib, const char *const *omit)
{
    lua_getglobal(L, lib);
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, -3) != 0) {
        const char *k = lua_tostring(L, -2);
        bool skip = false;
        const char *const *o;
        for (o = omit; o && *o; o++)
            if (k && strcmp(k, *o) == 0)
                skip = true;
        if (skip) {
            lua_pop(L, 1);
            continue;
        }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_settable(L, -4);
    }
    lua_remove(L, -2);
}

void
ll_lua_push_env(lua_State *L)
{
    static const char *const no_dump[] = { "dump", NULL };
    static const char *const os_ok[] = { "time", "clock", "date", "difftime",
                                         NULL };
    const char *const *g;
    int env;

    lua_newtable(L);
    env = lua_gettop(L);
    for (g = host_safe_globals; *g; g++) {
        lua_getglobal(L, *g);
        lua_setfield(L, env, *g);
    }
    for (g = host_safe_libs; *g; g++) {
        host_copy_lib(L, *g, strcmp(*g, "string") == 0 ? no_dump : NULL);
        lua_setfield(L, env, *g);
    }
    /* os: the harmless clock and date functions only */
    lua_newtable(L);
    lua_getglobal(L, "os");
    for (g = os_ok; *g; g++) {
        lua_getfield(L, -1, *g);
        lua_setfield(L, -3, *g);
    }
    lua_pop(L, 1);
    lua_setfield(L, env, "os");
    lua_pushcfunction(L, ll_lua_print);
    lua_setfield(L, env, "print");
    lua_pushcfunction(L, host_require);
    lua_setfield(L, env, "require");
    ll_lua_push_module(L, "aio");
    lua_setfield(L, env, "aio");
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");
}

static int
host_load_status(lua_State *L, int st, char **err)
{
    if (st == LUA_OK)
        return LL_OK;
    if (err != NULL)
        *err = ll_strdup(lua_tostring(L, -1));
    lua_pop(L, 1);
    return st == LUA_ERRMEM ? LL_ENOMEM : LL_ESYNTAX;
}

static void
host_set_env(lua_State *L, int env_idx)
{
    if (env_idx != 0) {
        lua_pushvalue(L, env_idx);
        if (lua_setupvalue(L, -2, 1) == NULL)
            lua_pop(L, 1);
    }
}

int
ll_lua_load_string(lua_State *L, const char *src, const char *chunkname,
                   int env_idx, char **err)
{
    int st;
    if (env_idx != 0)
        env_idx = lua_absindex(L, env_idx);
    st = luaL_loadbufferx(L, src, strlen(src), chunkname, "t");
    if (st == LUA_OK)
        host_set_env(L, env_idx);
    return host_load_status(L, st, err);
}

int
ll_lua_load_file(lua_State *L, const char *path, int env_idx, char **err)
{
    char *src, *chunk;
    size_t len;
    int rc, st;

    if (env_idx != 0)
        env_idx = lua_absindex(L, env_idx);
    rc = ll_read_file(path, &src, &len);
    if (rc != LL_OK) {
        if (err != NULL)
            *err = ll_asprintf("%s: cannot read file (%s)", path,
                               ll_strerror(rc));
        return rc;
    }
    chunk = ll_asprintf("@%s", path);
    if (chunk == NULL) {
        ll_free(src);
        return LL_ENOMEM;
    }
    /* Skip a #! line as lua.c does, keeping line numbers right. */
    st = luaL_loadbufferx(L, src[0] == '#' ? src + strcspn(src, "\n") : src,
                          src[0] == '#' ? len - strcspn(src, "\n") : len,
                          chunk, "t");
    ll_free(chunk);
    ll_free(src);
    if (st == LUA_OK)
        host_set_env(L, env_idx);
    return host_load_status(L, st, err);
}

static int
host_msgh(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_getmetafield(L, 1, "__tostring") != LUA_TNIL) {
            lua_pop(L, 1);
            msg = ll_lua_pushsafestring(L, 1, NULL);
        } else {
            msg = lua_pushfstring(L, "(error object is a %s value)",
                                  luaL_typename(L, 1));
        }
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

int
ll_lua_pcall(lua_State *L, int nargs, int nres, char **err)
{
    int base = lua_gettop(L) - nargs;
    int st;
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);

    lua_pushcfunction(L, host_msgh);
    lua_insert(L, base);
    st = lua_pcall(L, nargs, nres, base);
    lua_remove(L, base);
    if (st == LUA_OK)
        return LL_OK;
    if (err != NULL)
        *err = ll_strdup(lua_tostring(L, -1));
    lua_pop(L, 1);
    if (ctx->killed)
        return LL_ELIMIT;
    return st == LUA_ERRMEM ? LL_ENOMEM : LL_ERUNTIME;
}

void
ll_lua_newclass(lua_State *L, const char *mt, const luaL_Reg *meth,
                const luaL_Reg *metameth)
{
    if (luaL_newmetatable(L, mt)) {
        luaL_setfuncs(L, metameth, 0);
        lua_newtable(L);
        luaL_setfuncs(L, meth, 0);
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, "methods");
        if (lua_getfield(L, -2, "__index") == LUA_TNIL) {
            lua_pop(L, 1);
            lua_setfield(L, -2, "__index");
        } else {
            lua_pop(L, 2);
        }
    }
    lua_pop(L, 1);
}

bool
ll_lua_target_args(lua_State *L, int ud, const char *what)
{
    int i;
    if (!lua_istable(L, 1)) {
        luaL_checktype(L, 1, LUA_TFUNCTION);
        lua_pushvalue(L, 1);
        lua_setiuservalue(L, ud, 1);
        lua_createtable(L, ud - 2, 0);
        for (i = 2; i < ud; i++) {
            lua_pushvalue(L, i);
            lua_rawseti(L, -2, i - 1);
        }
        lua_setiuservalue(L, ud, 2);
        return false;
    }
    if (lua_getfield(L, 1, "target") != LUA_TFUNCTION)
        luaL_error(L, "%s: 'target' must be a function", what);
    lua_setiuservalue(L, ud, 1);
    if (lua_getfield(L, 1, "args") == LUA_TNIL) {
        lua_pop(L, 1);
        lua_newtable(L);
    } else {
        luaL_checktype(L, -1, LUA_TTABLE);
    }
    lua_setiuservalue(L, ud, 2);
    if (lua_getfield(L, 1, "name") != LUA_TNIL)
        lua_setiuservalue(L, ud, 3);
    else
        lua_pop(L, 1);
    return true;
}

int
ll_lua_method(lua_State *L, int idx, const char *key)
{
    if (!lua_getmetatable(L, idx))
        lua_pushnil(L);
    else if (lua_getfield(L, -1, "methods") == LUA_TTABLE)
        lua_getfield(L, -1, key);
    else
        lua_pushnil(L);
    return 1;
}

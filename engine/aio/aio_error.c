/* SPDX-License-Identifier: MIT
 * engine/aio/aio_error.c -- aio's error objects.
 *
 * An aio error is a table {type=, message=[, exceptions=]} with metatable
 * looplab.Error, so `error(obj)` round-trips through pcall and task
 * boundaries unchanged. aio.TimeoutError & co are the type names (plain
 * strings, so `e.type == aio.TimeoutError` works) and also constructors:
 * the string metatable gets a __call that builds an error when the string
 * is a known type name (anything else still fails as "attempt to call a
 * string value"). Kinds mirror CPython's tree only where lessons need it:
 * CancelledError is a BaseException, the rest are Exceptions.
 */
#include "aio_internal.h"

#include <string.h>

static const char *const aio_error_types[] = {
    "CancelledError", "TimeoutError", "InvalidStateError", "QueueFull",
    "QueueEmpty", "QueueShutDown", "BrokenBarrierError", "ExceptionGroup",
    "ValueError", "RuntimeError", "TypeError", NULL
};

#define AIO_ERROR_TYPES "looplab.aio.error_types"

void
ll__aio_push_error(lua_State *L, const char *type, const char *msg)
{
    lua_createtable(L, 0, 2);
    lua_pushstring(L, type);
    lua_setfield(L, -2, "type");
    lua_pushstring(L, msg ? msg : "");
    lua_setfield(L, -2, "message");
    luaL_setmetatable(L, AIO_ERROR_MT);
}

void
ll_aio_push_error(lua_State *L, const char *type, const char *msg)
{
    ll__aio_push_error(L, type, msg);
}

int
ll__aio_raise(lua_State *L, const char *type, const char *msg)
{
    ll__aio_push_error(L, type, msg);
    return lua_error(L);
}

/* Is the value at idx an aio error whose kind matches type (NULL = any)? */
bool
ll__aio_is_error(lua_State *L, int idx, const char *type)
{
    bool r = false;
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) == LUA_TTABLE && lua_getmetatable(L, idx)) {
        luaL_getmetatable(L, AIO_ERROR_MT);
        if (lua_rawequal(L, -1, -2)) {
            const char *t;
            lua_getfield(L, idx, "type");
            t = lua_tostring(L, -1);
            if (type == NULL || strcmp(type, "BaseException") == 0)
                r = true;
            else if (t == NULL)
                r = false;
            else if (strcmp(type, "Exception") == 0)
                r = strcmp(t, "CancelledError") != 0;
            else
                r = strcmp(t, type) == 0;
            lua_pop(L, 1);
        }
        lua_pop(L, 2);
    }
    return r;
}

/* The holder a finished task keeps for its error: {value = v}. */
void
ll__aio_wrap_error(lua_State *L)
{
    lua_createtable(L, 0, 2);
    lua_insert(L, -2);
    lua_setfield(L, -2, "value");
}

static int
l_error_tostring(lua_State *L)
{
    const char *type, *msg;
    lua_getfield(L, 1, "type");
    lua_getfield(L, 1, "message");
    type = lua_tostring(L, -2);
    msg = lua_tostring(L, -1);
    if (type == NULL)
        type = "Error";
    if (lua_getfield(L, 1, "exceptions") == LUA_TTABLE) {
        lua_Integer n = luaL_len(L, -1);
        lua_pushfstring(L, "%s: %s (%d sub-exception%s)", type,
                        msg ? msg : "", (int)n, n == 1 ? "" : "s");
    } else if (msg != NULL && *msg) {
        lua_pushfstring(L, "%s: %s", type, msg);
    } else {
        lua_pushstring(L, type);
    }
    return 1;
}

/* __call on strings: "TimeoutError"("msg") builds an error. */
static int
l_error_construct(lua_State *L)
{
    const char *name = lua_tostring(L, 1);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, AIO_ERROR_TYPES);
    if (name == NULL || lua_getfield(L, -1, name) != LUA_TBOOLEAN)
        return luaL_error(L, "attempt to call a string value ('%s')",
                          name ? name : "?");
    lua_pop(L, 2);
    if (strcmp(name, "ExceptionGroup") == 0) {
        const char *msg = luaL_optstring(L, 2, "");
        luaL_checktype(L, 3, LUA_TTABLE);
        ll__aio_push_error(L, name, msg);
        lua_pushvalue(L, 3);
        lua_setfield(L, -2, "exceptions");
        return 1;
    }
    if (!lua_isnoneornil(L, 2))
        luaL_tolstring(L, 2, NULL);
    ll__aio_push_error(L, name, lua_isnoneornil(L, 2) ? NULL
                                                      : lua_tostring(L, -1));
    return 1;
}

static int
l_aio_iserror(lua_State *L)
{
    const char *kind = luaL_optstring(L, 2, NULL);
    lua_pushboolean(L, ll__aio_is_error(L, 1, kind));
    return 1;
}

static int
l_aio_is_cancelled(lua_State *L)
{
    lua_pushboolean(L, ll__aio_is_error(L, 1, "CancelledError"));
    return 1;
}

void
ll__aio_error_open(lua_State *L, int aio_idx)
{
    const char *const *e;

    aio_idx = lua_absindex(L, aio_idx);
    luaL_newmetatable(L, AIO_ERROR_MT);
    lua_pushcfunction(L, l_error_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pop(L, 1);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, AIO_ERROR_TYPES);
    for (e = aio_error_types; *e; e++) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, *e);
        lua_pushstring(L, *e);
        lua_setfield(L, aio_idx, *e);
    }
    lua_pop(L, 1);
    /* Strings share one metatable: give it the constructor __call. */
    lua_pushliteral(L, "");
    if (lua_getmetatable(L, -1)) {
        lua_pushcfunction(L, l_error_construct);
        lua_setfield(L, -2, "__call");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lua_pushcfunction(L, l_aio_iserror);
    lua_setfield(L, aio_idx, "iserror");
    lua_pushcfunction(L, l_aio_is_cancelled);
    lua_setfield(L, aio_idx, "is_cancelled");
}

/* SPDX-License-Identifier: MIT
 * engine/aio/aio_lib.c -- the parts of aio written in Lua.
 *
 * CPython builds Condition, Barrier, wait/timeout/TaskGroup in Python on
 * top of futures; aio does the same in Lua on top of its C futures, so the
 * semantics can be ported line by line (the .lua files beside this one). The
 * primitives on hot paths (Event, Lock, Semaphore, queues) are C:
 * aio_sync.c, aio_queue.c. The sources
 * are embedded into the binary at build time with .incbin (CMake lists
 * them as dependencies of this file), loaded in text mode with chunk names
 * "=aio/<file>.lua" (the deadlock report skips those frames), and get the
 * aio table plus a private table P of helpers.
 */
#include "aio_internal.h"

#include <string.h>

#define AIO_LUA_EMBED(sym, file)                                        \
    __asm__(".pushsection .rodata\n"                                    \
            ".global " #sym "\n"                                        \
            ".hidden " #sym "\n"                                        \
            #sym ":\n"                                                  \
            ".incbin \"" LL_SOURCE_DIR "/engine/aio/" file "\"\n"   \
            ".byte 0\n"                                                 \
            ".popsection\n")

AIO_LUA_EMBED(ll__aio_lua_sync, "sync.lua");
AIO_LUA_EMBED(ll__aio_lua_combine, "combine.lua");
extern const char ll__aio_lua_sync[], ll__aio_lua_combine[];

/* P.kind(v): "task", "future" or nil. */
static int
l_p_kind(lua_State *L)
{
    if (luaL_testudata(L, 1, AIO_TASK_MT))
        lua_pushliteral(L, "task");
    else if (ll__aio_test_future(L, 1))
        lua_pushliteral(L, "future");
    else
        lua_pushnil(L);
    return 1;
}

void
ll__aio_lib_open(lua_State *L, int aio_idx)
{
    static const struct { const char *src, *name; } files[] = {
        { ll__aio_lua_sync, "=aio/sync.lua" },
        { ll__aio_lua_combine, "=aio/combine.lua" },
    };
    size_t i;
    int p;

    aio_idx = lua_absindex(L, aio_idx);
    lua_newtable(L);
    p = lua_gettop(L);
    lua_pushcfunction(L, l_p_kind);
    lua_setfield(L, p, "kind");
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        if (luaL_loadbufferx(L, files[i].src, strlen(files[i].src),
                             files[i].name, "t") != LUA_OK)
            lua_error(L);
        lua_pushvalue(L, aio_idx);
        lua_pushvalue(L, p);
        lua_call(L, 2, 0);
    }
    lua_pop(L, 1);
}

/* SPDX-License-Identifier: MIT
 * engine/lua/procs_int.h -- shared pieces of the `procs` module
 * (mod_procs.c: processes, pools, futures; procs_shm.c: Lock, Value,
 * Array, Queue, Pipe). Internal to engine/lua.
 */
#ifndef LL_LUA_PROCS_INT_H
#define LL_LUA_PROCS_INT_H

#include <lua.h>

#include "base.h"

/* Creation counter shared by every procs object: a pool forked at seq S
 * cannot be sent objects made after S (they do not exist in its workers;
 * serial.h's epoch check). */
uint64_t ll__procs_next_seq(void);
uint64_t ll__procs_current_seq(void);

/* Register Lock, Value, Array, Queue, Pipe into the table on top. */
void ll__procs_shm_open(lua_State *L);

/* For aio_pool.c: is the value at idx a procs Pool/ProcessPoolExecutor?
 * Then the fds to watch while its jobs run (children's result and output
 * pipes; at most max), and a non-blocking pump that collects what is ready
 * and runs done callbacks (on the calling, loop, thread). */
bool ll__procs_is_pool(lua_State *L, int idx);
int  ll__procs_pool_fds(lua_State *L, int idx, int *fds, int max);
void ll__procs_pool_pump(lua_State *L, int idx);

int luaopen_looplab_procs(lua_State *L);

#endif /* LL_LUA_PROCS_INT_H */

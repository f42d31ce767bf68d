/* SPDX-License-Identifier: MIT
 * engine/lua/datafile.h -- run a Lua data file with bounded cost.
 */
#ifndef LL_LUA_DATAFILE_H
#define LL_LUA_DATAFILE_H

#include <lua.h>

#include "engine/base.h"

/* Run the file at path in a forked child (sandbox env, instruction budget,
 * a CPU rlimit and a wall deadline) and push a plain copy of the value it
 * returns: strings, numbers, booleans and tables, no metatables. On failure
 * nothing is pushed and *err = heap message naming the file: LL_ENOENT /
 * LL_ESYNTAX / LL_ERUNTIME as ll_lua_load_file and ll_lua_pcall give them,
 * LL_ELIMIT for the time limit, LL_EIO / LL_ENOMEM. */
int ll_lua_load_data(lua_State *L, const char *path, long budget, char **err);

#endif /* LL_LUA_DATAFILE_H */

/* SPDX-License-Identifier: MIT
 * engine/lua/checklib.h -- the check vocabulary authors use in checks.lua.
 *
 * check.out / check.vtime / check.noblock / check.noerror build check
 * records {name, points, hidden, fn}; a plain table with `fn` is a custom
 * check. ll_checklib_eval runs every check's fn(run) under an instruction
 * budget and turns the answers into ll_result entries, in declared order.
 */
#ifndef LL_LUA_CHECKLIB_H
#define LL_LUA_CHECKLIB_H

#include "host.h"
#include "result.h"

/* Evaluate checks.lua at path against the run table at run_idx, appending
 * to r. LL_OK, or LL_ESYNTAX with *err ("checks.lua:12: ...") when the
 * checks file itself is broken (an INTERNAL verdict: the author's bug). */
int ll_checklib_eval(lua_State *L, const char *path, int run_idx,
                     ll_result *r, char **err);

#endif

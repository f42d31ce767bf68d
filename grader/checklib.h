/* SPDX-License-Identifier: MIT
 * grader/checklib.h -- the check vocabulary authors use in checks.lua.
 *
 * check.out / check.vtime / check.noblock / check.noerror build check
 * records {name, points, hidden, fn}; a plain table with `fn` is a custom
 * check. ll_checklib_eval runs every check's fn(run) under an instruction
 * budget and turns the answers into ll_result entries, in declared order.
 */
#ifndef LL_LUA_CHECKLIB_H
#define LL_LUA_CHECKLIB_H

#include "engine/lua/host.h"
#include "result.h"

/* check.out's normalisation, in place and linear: \r\n -> \n, blanks
 * before a newline dropped, trailing whitespace trimmed. New length. */
size_t ll_checklib_norm(char *s, size_t n);

/* Evaluate checks.lua at path against the run table at run_idx, appending
 * to r. LL_OK, or LL_ESYNTAX with *err ("checks.lua:12: ...") when the
 * checks file itself is broken (an INTERNAL verdict: the author's bug).
 * Each check runs under an instruction budget and a wall deadline. */
int ll_checklib_eval(lua_State *L, const char *path, int run_idx,
                     ll_result *r, char **err);
/* Same, with the file's text already read (src, NUL-terminated): the Lua
 * worker reads checks.lua before it drops privileges. */
int ll_checklib_eval_src(lua_State *L, const char *src, const char *path,
                         int run_idx, ll_result *r, char **err);

/* What the grader needs before the run, from the fields of the table
 * checks.lua returns (besides its list of checks):
 *   seeds = {0, 1, 2, 3}   run (and grade) once per schedule seed; the
 *                          first failing seed is reported for replay
 *   lab = {...}            Python lab endpoint table (see
 *                          grader/python/looplab/lab.py), as JSON
 *   time_limit = 3         wall limit in seconds for the submission
 *                          (replaces the caller's, default 10)
 *   threads = "ops"        Python thread mode: "on" (threads take turns,
 *                          switching at sync points), "lines", "ops"
 *                          (finer switch points, for race exercises),
 *                          "off", "auto" (the default; grader/python/README.md)
 *   scenarios = {...}      Python: run the file once per scenario
 *                          (docs/authoring.md 6.5); expanded here into a
 *                          JSON array of plain objects (name, group,
 *                          generated, call, args, kwargs, set, lab,
 *                          cancel_at, seed, data, index). Generated groups
 *                          are drawn from seeds 1..count, or only from
 *                          `replay` when it is not 0.
 * Seeds in exercise.lua (ll_exercise.seeds) win over checks.lua's. */
#define LL_CHECKS_MAX_SEEDS 64
typedef struct ll_checks_meta {
    uint64_t seeds[LL_CHECKS_MAX_SEEDS];
    size_t   nseeds;          /* 0 = not given */
    char    *lab_json;        /* NULL = not given */
    double   time_limit;      /* 0 = not given */
    char    *threads;         /* "off" "on" "lines" "ops" "auto"; NULL = not given */
    struct json_t *scenarios; /* NULL = not given (one plain run) */
    /* The declared checks, in order: a run stopped by a limit before its
     * checks could run still reports each of them (failed, "not run"), so
     * every writer shows the full list and the right maximum score. */
    ll_result declared;
} ll_checks_meta;

/* Load checks.lua in a fresh sandboxed state and read its meta fields.
 * LL_OK, or LL_ESYNTAX/LL_ENOMEM with *err set. */
int  ll_checklib_meta(const char *path, uint64_t replay, ll_checks_meta *m,
                      char **err);
void ll_checklib_meta_close(ll_checks_meta *m);

/* Compile the built-in check library into L now (cached in its registry):
 * before a submission runs in the same state, so a submission that fills
 * the memory cap cannot make it fail to load later. */
void ll_checklib_preload(lua_State *L);

#endif

/* SPDX-License-Identifier: MIT
 * grader/check_int.h -- what check.c (Python runs, checks, seeds),
 * check_child.c (the supervised sandboxed child) and check_lua.c (the Lua
 * worker) share. Internal to those three files.
 */
#ifndef LL_CHECK_INT_H
#define LL_CHECK_INT_H

#include <stdbool.h>
#include <sys/types.h>

#include <jansson.h>

#include "check.h"
#include "engine/lua/host.h"
#include "engine/trace.h"
#include "sandbox.h"

#define CHECK_OUT_CAP   (1u << 20)     /* bytes of stdout/stderr kept */
#define CHECK_LUA_INSTR 500000000L
#define CHECK_LUA_MEM   (256u << 20)
#define CHECK_MAX_VTIME "3600"

typedef struct check_child {
    pid_t   pid;
    int     fd[3];        /* stdout, stderr, result */
    ll_buf  buf[3];
    bool    capped;       /* output limit hit */
    bool    timed_out;    /* our wall timer fired */
    bool    exited;       /* the main process ended by itself */
    bool    interrupted;  /* we were signalled (ll_sandbox_interrupted) */
    int     status;       /* wait4 status */
    double  wall;         /* parent-measured */
    double  cpu;          /* user+sys of the main process, from wait4 */
    ll_sandbox sb;
} check_child;

/* r->verdict folds with v; r->error = fmt with a. */
void check_fail(ll_result *r, ll_verdict v, const char *fmt, const char *a);
/* Fork into the sandbox (prepared in c->sb); in the child, wire fds 1, 2
 * and 3 (the result fd) to pipes, stdin to /dev/null, and confine it.
 * Returns 0 in the child, 1 in the parent, -1 on failure. */
int  check_fork(check_child *c, const ll_sandbox_limits *lim);
/* Drain the pipes while waiting; kill the tree at the wall limit. */
void check_supervise(check_child *c, double timeout_s);
void check_child_close(check_child *c);
/* TLE/MLE/OLE from how the child ended: true when one applied. */
bool check_limit_verdict(const check_child *c, double timeout_s, ll_result *r);
/* Killed for memory (RLIMIT_AS / OOM) rather than by its own error. */
bool check_killed_by_memory(const check_child *c);
/* The run table's pieces, pushed for checks.lua (check.c). */
void check_push_json(lua_State *L, json_t *v, int depth);
void check_push_events_from(lua_State *L, const ll_trace *tr, size_t from);
void check_push_events(lua_State *L, const ll_trace *tr);
void check_push_blocking(lua_State *L, const ll_trace *tr, size_t from);
/* A whole file, NUL-terminated; NULL when unreadable. */
char *check_slurp(const char *path);

/* The Lua exercise path (check_lua.c). */
int  check_run_lua(const ll_exercise *ex, const char *file,
                   const ll_check_opts *opts, ll_result *r);

#endif

/* SPDX-License-Identifier: MIT
 * grader/check_int.h -- what check.c (Python runs, checks, seeds),
 * check_child.c (the supervised sandboxed child), check_lua.c (the Lua
 * worker) and check_notice.c (what a Python report says first) share.
 * Internal to those files.
 */
#ifndef LL_CHECK_INT_H
#define LL_CHECK_INT_H

#include <stdbool.h>
#include <sys/types.h>

#include <jansson.h>

#include "check.h"
#include "checklib.h"
#include "engine/lua/host.h"
#include "engine/trace.h"
#include "sandbox.h"

#define CHECK_OUT_CAP   (1u << 20)     /* bytes of stdout/stderr kept */
#define CHECK_LUA_INSTR 500000000L
#define CHECK_LUA_MEM   (256u << 20)
#define CHECK_LUA_HEADROOM (16u << 20)   /* extra for checks.lua's own work */
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
    int     keyfd;        /* read end of the seal key pipe (fd 4 in the
                             child), or -1 */
    ll_sandbox sb;
} check_child;

/* The per-run seal of the Python result stream (check_seal.c). */
#define CHECK_SEAL_KEY 32
typedef struct check_seal {
    unsigned char key[CHECK_SEAL_KEY];
    char          nonce[17];      /* 16 hex digits */
} check_seal;

/* A fresh key and nonce from the kernel's random source. */
int  check_seal_new(check_seal *s);
/* NULL when buf has no seal line; "" when it ends with exactly one valid
 * seal over everything before it (*body_len = the bytes it covers,
 * *aborted = sealed by an early end: deadlock or virtual-time limit);
 * otherwise why the stream cannot be believed (static text). */
const char *check_seal_verify(const check_seal *s, const char *buf,
                              size_t len, size_t *body_len, bool *aborted);

/* {=========== Python runs (check.c) and scenarios (check_scen.c) ===========} */
typedef struct py_ctx {
    const ll_exercise *ex;
    const char        *file;
    ll_check_opts      opts;
    const char        *lab_json;    /* checks.lua's lab table, or NULL */
    const json_t      *sc;          /* the scenario, or NULL: run the file */
    bool               lint;        /* ask the harness for lint findings */
    const char        *threads;     /* checks.lua's threads mode, or NULL */
} py_ctx;

/* One supervised harness run of pc (seed, cancel_at < 0 = the
 * scenario's or none). Fills res (verdict, error, output, vtime, wall),
 * the trace, and *sum (the summary, NULL when it never came). */
void check_py_run(const py_ctx *pc, uint64_t seed, double cancel_at,
                  ll_result *res, ll_trace *tr, json_t **sum);
/* The summary says the file did not compile. */
bool check_py_syntax_error(json_t *sum);
/* Push the run table checks see (summary fields, out, error, events,
 * verdict). */
void check_py_push_run(lua_State *L, json_t *sum, const ll_result *res,
                       const ll_trace *tr);
/* run.again{cancel_at =, seed =} (upvalue 1: the py_ctx). */
int  check_py_again(lua_State *L);
/* Grade a Python file over checks.lua's scenarios (check_scen.c). */
int  check_run_scenarios(const ll_exercise *ex, const char *file,
                         const ll_check_opts *opts,
                         const ll_checks_meta *meta, ll_result *r,
                         ll_trace *tr);

/* r->verdict folds with v; r->error = fmt with a. */
void check_fail(ll_result *r, ll_verdict v, const char *fmt, const char *a);
/* Fork into the sandbox (prepared in c->sb); in the child, wire fds 1, 2
 * and 3 (the result fd) to pipes, c->keyfd (if >= 0) to fd 4, stdin to
 * /dev/null, and confine it. Set c->keyfd (or -1) before calling.
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
/* n bytes as valid UTF-8 (invalid sequences and NULs become U+FFFD):
 * student bytes must never make a report, the store or JSON fail. */
char *check_utf8_copy(const char *s, size_t n);
/* The same for every string of r. */
void check_result_utf8(ll_result *r);
/* A whole file, NUL-terminated; NULL when unreadable. */
char *check_slurp(const char *path);

/* From a Python run's summary (check_notice.c): r->notice names every
 * coroutine that was never awaited, with the student's line and Python's
 * own warning; r->python the interpreter, when LOOPLAB_PYTHON chose it.
 * sum may be NULL (no summary: only the interpreter is noted). */
void check_python_notes(ll_result *r, json_t *sum);

/* The Lua exercise path (check_lua.c). */
#define CHECK_LUA_TRACE_SEP '\x1e'   /* result JSON, then the trace */
int  check_run_lua(const ll_exercise *ex, const char *file,
                   const ll_check_opts *opts, ll_result *r, ll_trace *tr);

#endif

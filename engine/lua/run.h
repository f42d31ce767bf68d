/* SPDX-License-Identifier: MIT
 * engine/lua/run.h -- run a Lua program (demo or `looplab run FILE`) on the engine.
 *
 * The program runs in a sandboxed Lua state with `aio` (and later `lab`,
 * `threads`, `procs`) loaded, on the virtual or the real clock. Output of
 * print() is captured into `out` (and echoed live when echo is set), every
 * task event into `trace`. Single-threaded; the caller's thread.
 */
#ifndef LL_RUN_H
#define LL_RUN_H

#include "engine/base.h"
#include "engine/trace.h"

typedef enum ll_clock_mode { LL_CLOCK_VIRTUAL, LL_CLOCK_REAL } ll_clock_mode;

typedef struct ll_knob_value {
    const char *name;
    double      value;
} ll_knob_value;

typedef struct ll_run_opts {
    ll_clock_mode clock;
    double        speed;        /* real clock: 2.0 = twice as fast; 0 = 1 */
    uint64_t      seed;         /* 0 = FIFO */
    const ll_knob_value *knobs; /* exposed to the script as `knobs.<name>` */
    size_t        nknobs;
    bool          echo;         /* also write print() output to stdout */
    long          max_instructions; /* 0 = unlimited */
    bool          debug;        /* aio debug mode: warn about slow steps */
} ll_run_opts;

typedef struct ll_run_result {
    int    status;     /* LL_OK, LL_ERUNTIME (script raised), LL_EDEADLK, LL_ELIMIT */
    char  *error;      /* message with traceback, or NULL */
    double vtime;      /* loop clock seconds at the end */
} ll_run_result;

/* Run the Lua file at path. trace and out may be NULL. Returns LL_OK when
 * the program ran (see res->status for how it ended), LL_ENOENT / LL_ESYNTAX
 * (res->error says file:line) / LL_ENOMEM otherwise. */
int  ll_run_file(const char *path, const ll_run_opts *opts, ll_trace *trace,
                 ll_buf *out, ll_run_result *res);
void ll_run_result_close(ll_run_result *res);

#endif /* LL_RUN_H */

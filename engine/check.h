/* SPDX-License-Identifier: MIT
 * engine/check.h -- grade one exercise file against its checks.lua.
 *
 * Python exercises: the file runs under Debian's /usr/bin/python3 -I with the
 * virtual-clock harness (grader/python/looplab_harness.py), which reports
 * output, virtual time, trace, blocking calls and warnings as JSON lines on
 * a separate fd. Lua exercises: the file runs on the engine in a forked
 * worker with a fresh sandboxed state and instruction / memory caps.
 * Then the exercise's checks.lua is evaluated (in the same forked worker for
 * Lua; in a sandboxed state in the parent for Python) and every check becomes
 * an ll_check_result. Synchronous; call from the thread that owns nothing
 * else of the engine. Never holds a store transaction.
 */
#ifndef LL_CHECK_H
#define LL_CHECK_H

#include "course.h"
#include "result.h"

typedef struct ll_check_opts {
    double timeout_s;        /* wall limit for the submission, default 10 */
    uint64_t seed;           /* schedule seed (0 = FIFO order) */
    const char *trace_out;   /* write the run's trace here (JSON lines) */
} ll_check_opts;

/* Grade `file` (usually the workspace file) for exercise ex. Fills *out
 * (initialised by the callee). Returns LL_OK when grading ran, whatever the
 * verdict (the verdict is INTERNAL when our side failed, with out->error
 * saying why); LL_ENOMEM only when even the result cannot be built. */
int ll_check_run(const ll_exercise *ex, const char *file,
                 const ll_check_opts *opts, ll_result *out);

/* The isolation level grading runs at, recorded with every attempt
 * (SANDBOX.md 3.1): "L1" = own process group, rlimits, output caps, wall
 * limit, parent-death kill. Static string. */
const char *ll_check_sandbox_level(void);

/* Path of the Python harness and the interpreter used (for `doctor`). */
const char *ll_check_python(void);      /* $LOOPLAB_PYTHON or /usr/bin/python3 */
char *ll_check_harness_path(void);      /* heap string */

#endif /* LL_CHECK_H */

/* SPDX-License-Identifier: MIT
 * grader/check.h -- grade one exercise file against its checks.lua.
 *
 * Python exercises: a private copy of the file's folder runs under Debian's
 * /usr/bin/python3 (-I isolation) with the virtual-clock harness
 * (grader/python/looplab_harness.py), which reports output, virtual time,
 * trace, blocking calls, warnings, lab statistics and lint findings as JSON
 * lines on a separate fd. Lua exercises: the file runs on the engine in a
 * forked worker with a fresh sandboxed state and instruction / memory /
 * output caps. Both run in the sandbox of sandbox.h (level recorded in
 * ll_result.sandbox; never as uid 0: a dedicated uid when we are root).
 * Then the exercise's checks.lua is evaluated (in the same forked worker for
 * Lua; in a sandboxed state in the parent for Python) and every check becomes
 * an ll_check_result. Synchronous; call from the thread that owns nothing
 * else of the engine. Never holds a store transaction. May fork, and reaps
 * only its own sandbox's processes (it is their subreaper).
 *
 * Seeds: with opts->seed == 0 and seeds in exercise.lua (or checks.lua), the
 * file is graded once per seed and the first failing run is the result
 * (ll_result.seed names it; failed checks say how to replay it). A nonzero
 * opts->seed grades that seed only. checks.lua's time_limit replaces
 * opts->timeout_s.
 */
#ifndef LL_CHECK_H
#define LL_CHECK_H

#include "course/course.h"
#include "result.h"

/* The largest submission graded: more is a student verdict (FAIL, "the
 * file is too big"), decided before anything reads it. */
#define LL_CHECK_MAX_SUBMIT (16u << 20)

typedef struct ll_check_opts {
    double timeout_s;        /* wall limit for the submission, default 10 */
    uint64_t seed;           /* schedule seed (0 = FIFO order) */
    const char *trace_out;   /* write the run's trace here (JSON lines) */
} ll_check_opts;

/* Grade `file` (usually the workspace file) for exercise ex. Fills *out
 * (initialised by the callee). Returns LL_OK when grading ran, whatever the
 * verdict (the verdict is INTERNAL when our side failed, with out->error
 * saying why); LL_ECANCELED when a signal caught by
 * ll_sandbox_catch_signals (sandbox.h) stopped it: the run was torn down
 * like a timeout (nothing of it left running, attempt folder removed) and
 * *out is no grade; LL_ENOMEM only when even the result cannot be built. */
int ll_check_run(const ll_exercise *ex, const char *file,
                 const ll_check_opts *opts, ll_result *out);

/* The isolation level grading runs at, recorded with every attempt
 * (sandbox.h, docs/sandbox.md): "L1" = own session, rlimits, output
 * caps, wall limit, parent-death kill, whole-tree kill; "L2" = L1 +
 * no_new_privs, seccomp allow-list and Landlock; "L3" = L2 + root's
 * private mount/IPC/network namespaces. Static string. */
const char *ll_check_sandbox_level(void);

/* The interpreter the course is graded with: Debian's python3, 3.11
 * (README.md, "Which Python"). LOOPLAB_PYTHON may choose another for a
 * student's own checks; the report then names it (ll_result.python). */
#define LL_CHECK_DEFAULT_PYTHON "/usr/bin/python3"
#define LL_CHECK_DEFAULT_PYTHON_VERSION "3.11"

/* "SyntaxError" (or IndentationError, TabError) when a result's error is
 * the one message of a Python file that does not compile
 * ("PATH:LINE:COL: SyntaxError: msg" and the line with a caret), else
 * NULL. Static string. */
const char *ll_check_compile_error(const char *error);

/* Path of the Python harness and the interpreter used (for `doctor`). */
const char *ll_check_python(void);      /* $LOOPLAB_PYTHON or the default */
char *ll_check_harness_path(void);      /* heap string */

#endif /* LL_CHECK_H */

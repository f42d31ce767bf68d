/* SPDX-License-Identifier: MIT
 * grader/batch.h -- grade a whole class: find the submissions, grade them
 * N at a time, each in its own worker process.
 *
 * Layout (nbgrader's, one folder per student): every argument is either a student
 * folder holding the exercise file (student = folder name) or a folder of
 * such student folders. A student folder without the file is a MISSING
 * submission (reported, never graded, never a grade).
 *
 * Each grading runs in a forked worker that calls ll_check_run and sends
 * the lossless result JSON back over a pipe, so one submission that
 * crashes the grader cannot take the batch (or the other results) down:
 * a worker that dies or answers garbage gives that submission INTERNAL.
 * The parent is single-threaded and waits in poll(); SIGINT/SIGTERM stop
 * the batch, kill the workers (their children die with them: PDEATHSIG
 * and process groups in check.c) and return LL_ECANCELED with every
 * finished result kept.
 */
#ifndef LL_BATCH_H
#define LL_BATCH_H

#include "check.h"
#include "course/course.h"
#include "result.h"

typedef enum ll_batch_state {
    LL_BATCH_PENDING,   /* to grade */
    LL_BATCH_GRADED,    /* graded in this run */
    LL_BATCH_CACHED,    /* unchanged since a stored grade: not regraded */
    LL_BATCH_MISSING    /* no file to grade */
} ll_batch_state;

typedef struct ll_batch_sub {
    char          *student;   /* folder name */
    char          *path;      /* the file to grade; NULL when missing */
    char           hash[65];  /* sha256 of the file ("" when missing) */
    ll_batch_state state;
    char          *refused;   /* MISSING because refused: why, or NULL */
    ll_result      result;    /* valid for GRADED and CACHED */
} ll_batch_sub;

/* Find the submissions for exercise ex under paths[0..n). Sorted by
 * student, duplicates refused. LL_ENOENT / LL_EINVAL with *err (heap)
 * naming the argument. */
int  ll_batch_discover(const ll_exercise *ex, char *const *paths, int n,
                       ll_batch_sub **out, size_t *nout, char **err);
void ll_batch_free(ll_batch_sub *subs, size_t n);

/* Keep only shard k (1-based) of nshards: the students whose name hashes
 * (FNV-1a, 64 bits, of the folder name's bytes) to k - 1 modulo nshards.
 * Stable for a student whatever else is in the class, so reruns and
 * other machines agree, and the shards are disjoint and cover the class.
 * *n shrinks; dropped entries are freed. */
void ll_batch_shard(ll_batch_sub *subs, size_t *n, unsigned k,
                    unsigned nshards);
unsigned ll_batch_shard_of(const char *student, unsigned nshards);

/* sha256 of the exercise's checks.lua, exercise.lua and reference
 * solution (check.same runs it): a grade is only reused when these are
 * unchanged too. 64 hex digits + NUL. */
int  ll_batch_checks_hash(const ll_exercise *ex, char out[65]);

/* Called on the parent after each submission finishes (in completion
 * order; ndone counts finished ones). */
typedef void (*ll_batch_done_fn)(ll_batch_sub *s, size_t ndone, size_t todo,
                                 void *ud);

/* Grade every PENDING submission, at most `jobs` at once. LL_OK when all
 * ran, LL_ECANCELED when interrupted (unfinished ones stay PENDING). */
int  ll_batch_run(ll_batch_sub *subs, size_t n, const ll_exercise *ex,
                  int jobs, const ll_check_opts *opts, ll_batch_done_fn done,
                  void *ud);

#endif

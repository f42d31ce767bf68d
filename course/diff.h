/* SPDX-License-Identifier: MIT
 * course/diff.h -- a unified diff of two small texts, for "compare my
 * solution with the reference" once a student passes.
 *
 * Line based, longest common subsequence (exact for the files an exercise
 * has: a few hundred lines), hunks with 3 lines of context, in the format
 * of `diff -u`, so it reads like every other diff the student will meet.
 */
#ifndef LL_DIFF_H
#define LL_DIFF_H

#include "engine/base.h"

#define LL_DIFF_MAX_LINES 4000

/* Append the unified diff from a (labelled la) to b (lb) to out; nothing
 * when the texts are equal line for line. LL_OK, LL_ENOMEM, or LL_ELIMIT
 * when either text has more than LL_DIFF_MAX_LINES lines. */
int ll_diff_unified(const char *a, const char *b, const char *la,
                    const char *lb, ll_buf *out);

#endif /* LL_DIFF_H */

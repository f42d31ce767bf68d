/* SPDX-License-Identifier: MIT
 * grader/result.h -- the one result model every grading writer reads.
 *
 * A check run produces an ll_result: an overall verdict plus one entry per
 * declared check, in declaration order. Writers (human text, JSON, JUnit,
 * TAP), the store and the views all read this; nothing else carries grades.
 * Header-only data; ll_result_* helpers live in result.c.
 */
#ifndef LL_RESULT_H
#define LL_RESULT_H

#include "engine/base.h"

/* Precedence (highest first) when folding a run into one verdict:
 * INTERNAL > TLE > MLE > OLE > RE > FAIL > PASS: the cause of a kill
 * explains the failures after it, and our own fault outranks everything. */
typedef enum ll_verdict {
    LL_VERDICT_PASS = 0,
    LL_VERDICT_FAIL,
    LL_VERDICT_RE,        /* the submission raised / crashed */
    LL_VERDICT_OLE,       /* output limit */
    LL_VERDICT_MLE,       /* memory limit */
    LL_VERDICT_TLE,       /* time / instruction limit */
    LL_VERDICT_INTERNAL   /* our fault: never becomes a grade */
} ll_verdict;

typedef struct ll_check_result {
    char  *name;       /* "finishes in 3 virtual seconds" */
    char  *message;    /* actionable text when failed ("" when passed) */
    char  *measured;   /* measured value as text, e.g. "6.0" ("" if none) */
    double points;     /* weight */
    bool   passed;
    bool   hidden;     /* name shown, details not */
    int    hint;       /* the exercise hint (1-based) that helps when this
                          check fails (checks.lua `hint = N`); 0 = none */
} ll_check_result;

typedef struct ll_result {
    char            *exercise;   /* exercise id */
    ll_verdict       verdict;
    bool             stopped;    /* the run ended before any check could
                                    run: checks[] are the declared ones,
                                    all failed as "not run" */
    char            *error;      /* RE/TLE/INTERNAL detail ("" if none) */
    char            *notice;     /* what to fix first, shown before the
                                    checks ("coroutine 'fetch' was never
                                    awaited (line 12): ..."); NULL or "" */
    char            *python;     /* the interpreter that ran a Python
                                    submission when it is not the grader's
                                    default (LOOPLAB_PYTHON): "3.12.1
                                    (/opt/py/bin/python3)"; NULL or "" */
    char            *output;     /* captured stdout of the submission */
    double           vtime;      /* virtual seconds of the run, -1 unknown */
    double           wall;       /* real seconds the grading took */
    ll_check_result *checks;
    size_t           nchecks;
    char            *trace_path; /* saved trace (JSON lines) or NULL */
    uint64_t         seed;       /* schedule seed of the reported run (replay
                                    with `looplab check ID --seed N`) */
    const char      *sandbox;    /* isolation level it ran at: "L1".."L3"
                                    (static string, see sandbox.h), or "" */
} ll_result;

void ll_result_init(ll_result *r);
void ll_result_close(ll_result *r);
/* Append a check; strings copied. LL_OK / LL_ENOMEM. */
int  ll_result_add(ll_result *r, const char *name, double points, bool passed,
                   bool hidden, const char *message, const char *measured);
/* Set the hint of the check added last (0 = none). */
void ll_result_set_hint(ll_result *r, int hint);
size_t ll_result_passed(const ll_result *r);
double ll_result_score(const ll_result *r);   /* points earned */
double ll_result_max(const ll_result *r);     /* points possible */
const char *ll_verdict_name(ll_verdict v);    /* "PASS", "FAIL", ... */
/* What a verdict means for the student, e.g. "the program ran too long"
 * ("" for PASS and FAIL). Static string. */
const char *ll_verdict_why(ll_verdict v);
/* Fold: the verdict with the higher precedence. */
ll_verdict ll_verdict_worst(ll_verdict a, ll_verdict b);

#endif /* LL_RESULT_H */

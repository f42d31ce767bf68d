/* SPDX-License-Identifier: MIT
 * course/assess.h -- the course's four competencies (docs/authoring.md
 * section 11), computed from the progress store with rules kept as data.
 *
 * The rules live in <course>/competencies.lua (or $LOOPLAB_COMPETENCIES):
 * a list of competencies, each a list of requirements over exercises,
 * checks and quiz questions with thresholds. Nothing is cached: every call
 * reads the store afresh, so changing the rules file changes the result the
 * next time it is computed (attempts keep their per-check results). Items a
 * rule names that the course does not have yet make that requirement
 * "not available", which is never met. Used by `looplab progress`, the TUI
 * dashboard and the gradebook export. Single-threaded: the caller's store.
 */
#ifndef LL_ASSESS_H
#define LL_ASSESS_H

#include "engine/base.h"
#include "course.h"
#include "store/store.h"

/* {=================== rules (what competencies.lua holds) ===================} */

typedef enum ll_req_kind {
    LL_REQ_CHECKS,   /* mean best fraction of checks passed >= min */
    LL_REQ_PASS,     /* at least `count` (default: all) exercises passed */
    LL_REQ_QUIZ,     /* fraction (or count) of quiz questions right >= min */
    LL_REQ_CHECK     /* named checks of one exercise passed in any attempt */
} ll_req_kind;

typedef struct ll_req_rule {
    ll_req_kind kind;
    char   *label;      /* what the student reads */
    char  **items;      /* exercise ids / lesson ids, "1.*" prefixes, or
                           "1.1#2" (question 2 of lesson 1.1's quiz) */
    size_t  nitems;
    char  **kinds;      /* quiz: "mc", "po", "pt" (NULL = all) */
    size_t  nkinds;
    char  **names;      /* check: check names */
    size_t  nnames;
    bool    first_try;  /* quiz: count only first answers */
    double  min;        /* fraction 0..1 (checks, quiz) */
    int     count;      /* pass/quiz: minimum count instead (0 = unused) */
} ll_req_rule;

typedef struct ll_comp_rule {
    char        *id;
    char        *title;
    char        *evidence;   /* one line: what is graded */
    ll_req_rule *reqs;
    size_t       nreqs;
} ll_comp_rule;

typedef struct ll_assess_rules {
    ll_comp_rule *comps;
    size_t        ncomps;
    char         *path;
} ll_assess_rules;

/* Where the rules are: $LOOPLAB_COMPETENCIES, else <course root>/
 * competencies.lua. Heap string. */
char *ll_assess_rules_path(const ll_course *c);
/* Load rules (sandboxed Lua, course/assess_rules.c). LL_OK, or
 * LL_ENOENT / LL_ESYNTAX with *err = "path[:line]: message". */
int  ll_assess_rules_load(const char *path, ll_assess_rules **out,
                          char **err);
void ll_assess_rules_free(ll_assess_rules *r);

/* {=================== results ===================} */

typedef struct ll_req_result {
    const ll_req_rule *rule;
    bool   available;   /* the course has every item the rule names */
    bool   met;
    double value;       /* measured: fraction 0..1, or a count */
    double target;      /* the threshold in the same unit */
    int    have, of;    /* e.g. 5 of 6 questions, 2 of 3 exercises */
} ll_req_result;

typedef struct ll_comp_result {
    const ll_comp_rule *rule;
    ll_req_result *reqs;
    size_t         nreqs;
    bool           mastered;  /* every requirement available and met */
    double         progress;  /* mean of min(value/target, 1), 0..1 */
} ll_comp_result;

typedef struct ll_assessment {
    ll_assess_rules *rules;   /* owned */
    ll_comp_result  *comps;
    size_t           ncomps;
} ll_assessment;

/* Compute every competency for the student whose store st is (st may be
 * NULL: nothing done yet). Loads the rules from rules_path (NULL = the
 * default path). LL_OK with *out (free with ll_assess_free), or the rules'
 * LL_ENOENT / LL_ESYNTAX with *err, LL_ENOMEM. */
int  ll_assess_compute(const ll_course *c, ll_store *st,
                       const char *rules_path, ll_assessment **out,
                       char **err);
void ll_assess_free(ll_assessment *a);

/* The assessment as JSON text (heap): [{id, title, mastered, progress,
 * requirements: [{label, available, met, value, target, have, of}]}]. */
char *ll_assess_json(const ll_assessment *a);

#endif /* LL_ASSESS_H */

/* SPDX-License-Identifier: MIT
 * grader/report_int.h -- what the grade writers (report*.c) share: the
 * view of one submission as every format prints it.
 *
 * A view is built once per submission, so every format sees the same
 * cleaned text: messages without the instructor's paths, valid UTF-8, the
 * student's name escaped losslessly (report.h says how).
 */
#ifndef LL_REPORT_INT_H
#define LL_REPORT_INT_H

#include "report.h"

#define REPORT_HIDDEN_MSG "hidden check: details are not shown"
#define REPORT_RUN_TEST   "program runs to completion"
#define REPORT_CLIP       8192  /* output kept in json / junit reports */

typedef struct report_view {
    const ll_report_sub *s;
    bool      missing;   /* not graded (no file, or s->skip): r is empty */
    bool      skipped;   /* not graded for s->skip, not for a missing file */
    const char *label;   /* "MISSING", "NOT GRADED" or NULL when graded */
    ll_result r;         /* cleaned copy of *s->r */
    char     *who;       /* escaped student name; NULL for a student's own check */
    char     *cls;       /* "<who>.<item>" (or the item): JUnit classname */
    char     *runmsg;    /* why the run stopped, or why nothing was graded;
                            NULL when the program ran to completion */
} report_view;

/* The program ran to completion (PASS or FAIL). */
bool report_ran(const report_view *v);
/* At least one check really ran (Exercism: not "error"). */
bool report_tests_ran(const report_view *v);
const char *report_msg(const ll_check_result *c);
const char *report_measured(const ll_check_result *c);
/* At most REPORT_CLIP bytes of output, head and tail. Heap string. */
char *report_clip(const char *s);
char *report_iso8601(int64_t t);

int report_junit(ll_buf *b, const report_view *v, size_t n);
int report_tap(ll_buf *b, const report_view *v, size_t n);

#endif

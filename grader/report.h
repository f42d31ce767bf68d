/* SPDX-License-Identifier: MIT
 * grader/report.h -- every grade writer, one file so formats cannot drift
 * (one result model, mapped once per format).
 *
 * Input: ll_report_sub records (one graded submission each: who, what,
 * the ll_result). Output, appended to an ll_buf:
 *   text      human, one block per submission, ending "N passed, N failed"
 *   json      looplab-native: Exercism v3 keys plus "schema":
 *             "looplab-results/1" and a "looplab" object with the extras;
 *             one object per line when there are several submissions
 *   exercism  the strict subset of Exercism's test-runner results.json v3
 *   junit     valid against Jenkins' junit-10.xsd (tests/cli/junit-10.xsd),
 *             which GitLab also reads: one testsuite per submission,
 *             classname "<student>.<item>" so classname+name are unique;
 *             everything else (verdict, score, student, file) in
 *             <properties>
 *   tap       TAP 13, the newest version Perl's prove (the reference
 *             consumer) accepts; YAML diagnostics as one-line
 *             double-quoted scalars (its YAMLish reader has no `|-`);
 *             several submissions become one indented subtest each and
 *             the plan counts every submission, missing ones too
 * Hidden checks keep their name and status but never their message or
 * measured value: these files go back to students.
 *
 * A submission without its file (r == NULL) is reported in every format
 * as missing: Exercism status "error" naming the file, a JUnit error case,
 * a failed TAP point, a MISSING text line. One not graded for another
 * reason (r == NULL, skip set) is skipped: a JUnit <skipped/> case, a TAP
 * "# SKIP" point, Exercism "error", NOT GRADED in text and native json.
 *
 * Paths: the folder of s->path is cut from every message and output
 * ("/home/prof/class/ann/downloads.py" -> "downloads.py"), and any other
 * absolute path is cut to its last part: reports go to students (Exercism
 * asks for no full paths). Text that is not UTF-8 shows U+FFFD.
 *
 * Student names are folder names: bytes, not always UTF-8. They stay
 * lossless: native JSON's "student" carries a byte that is not UTF-8 as
 * the lone surrogate U+DC00+byte (PEP 383 "surrogateescape": Python's
 * json.loads + os.fsencode give the folder name back); everywhere else
 * (text, TAP, JUnit, messages) the name is escaped as \\ for a backslash
 * and \xNN for a control byte or a byte that is not UTF-8.
 *
 * Also the lossless JSON form of an ll_result (ll_report_result_to_json /
 * _from_json) used between grading workers and the gradebook, and the CSV
 * field writer with spreadsheet-formula neutralising (OWASP ASVS 1.2.10).
 */
#ifndef LL_REPORT_H
#define LL_REPORT_H

#include "engine/base.h"
#include "result.h"

typedef enum ll_report_format {
    LL_REPORT_TEXT, LL_REPORT_JSON, LL_REPORT_EXERCISM, LL_REPORT_JUNIT,
    LL_REPORT_TAP
} ll_report_format;

typedef struct ll_report_sub {
    const char      *student;    /* NULL: a student's own check */
    const char      *item;       /* exercise id */
    const char      *file;       /* graded file name, e.g. "downloads.py" */
    const char      *sandbox;    /* isolation level, e.g. "L1" */
    const char      *hash;       /* submission content hash or NULL */
    int64_t          graded_at;  /* unix seconds; 0 = unknown */
    const ll_result *r;          /* NULL: not graded (see skip) */
    const char      *skip;       /* with r == NULL: why it was not graded
                                    ("the grading run was interrupted");
                                    NULL: its file is missing */
    const char      *path;       /* the graded file's full path (its
                                    folder is cut from messages) or NULL */
} ll_report_sub;

/* "text" | "json" | "exercism" | "junit" | "tap". LL_EINVAL if unknown. */
int ll_report_parse_format(const char *name, ll_report_format *out);
const char *ll_report_format_name(ll_report_format f);
/* File name for one submission's report in --out DIR: results.json,
 * results.exercism.json, junit.xml, results.tap, results.txt. */
const char *ll_report_file_name(ll_report_format f);

/* Append the report of n submissions. LL_OK / LL_ENOMEM. */
int ll_report_write(ll_buf *b, ll_report_format f,
                    const ll_report_sub *subs, size_t n);

/* The lossless escape of a student name for text formats (see above).
 * Heap string or NULL on OOM. */
char *ll_report_name_escape(const char *name);

/* Lossless JSON of a result (hidden details included: instructor side).
 * Heap string or NULL on OOM. */
char *ll_report_result_to_json(const ll_result *r);
/* Parse it back into *out (initialised by the callee). LL_EINVAL with a
 * message in *err (heap, may be NULL) when the text is not such a result. */
int ll_report_result_from_json(const char *json, ll_result *out, char **err);

/* One RFC 4180 field: quoted when needed; with guard, a leading = + - @
 * TAB CR or NUL gets a ' prefix so spreadsheets don't run it. */
int ll_report_csv_field(ll_buf *b, const char *s, bool guard);

#endif

/* SPDX-License-Identifier: MIT
 * grader/report_junit.c -- the JUnit writer: valid against Jenkins'
 * junit-10.xsd (a copy in tests/cli/junit-10.xsd, checked by xmllint in
 * tests/cli/test_grade_formats.sh). That schema has no testcase@file and
 * no testsuites@skipped, so the file, the verdict, the score and the
 * student go in the testsuite's <properties>.
 */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* XML 1.0 text: escape markup, drop the control characters it forbids.
 * Views hold valid UTF-8 only, so the bytes are well-formed. */
static int
report_xml(ll_buf *b, const char *s)
{
    int err = LL_OK;

    for (; err == LL_OK && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': err = ll_buf_adds(b, "&amp;"); break;
        case '<': err = ll_buf_adds(b, "&lt;"); break;
        case '>': err = ll_buf_adds(b, "&gt;"); break;
        case '"': err = ll_buf_adds(b, "&quot;"); break;
        case '\'': err = ll_buf_adds(b, "&apos;"); break;
        default:
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                break;
            /* U+FFFE and U+FFFF are not XML characters either. */
            if (c == 0xEF && (unsigned char)s[1] == 0xBF
                && ((unsigned char)s[2] & 0xFE) == 0xBE) {
                s += 2;
                break;
            }
            err = ll_buf_add(b, s, 1);
        }
    }
    return err;
}

static int
report_junit_prop(ll_buf *b, const char *name, const char *value)
{
    int err = ll_buf_printf(b, "<property name=\"%s\" value=\"", name);
    if (!err) err = report_xml(b, value);
    return err ? err : ll_buf_adds(b, "\"/>");
}

static int
report_junit_case(ll_buf *b, const char *cls, const char *name,
                  const char *kind, const char *msg, const char *out)
{
    int err = ll_buf_adds(b, "    <testcase classname=\"");
    if (!err) err = report_xml(b, cls);
    if (!err) err = ll_buf_adds(b, "\" name=\"");
    if (!err) err = report_xml(b, name);
    if (!err) err = ll_buf_adds(b, "\" time=\"0\"");
    if (!err && kind == NULL)
        return ll_buf_adds(b, "/>\n");
    if (!err) err = ll_buf_printf(b, ">\n      <%s message=\"", kind);
    if (!err) err = report_xml(b, msg);
    /* junit-10.xsd: <skipped> has a message but no type. */
    if (!err) err = strcmp(kind, "skipped") == 0 ? ll_buf_adds(b, "\">")
                  : ll_buf_printf(b, "\" type=\"%s\">", kind);
    if (!err) err = report_xml(b, msg);   /* GitLab once ignored @message */
    if (!err) err = ll_buf_printf(b, "</%s>\n", kind);
    if (!err && out && out[0]) {
        char *clip = report_clip(out);
        err = clip ? ll_buf_adds(b, "      <system-out>") : LL_ENOMEM;
        if (!err) err = report_xml(b, clip);
        free(clip);
        if (!err) err = ll_buf_adds(b, "</system-out>\n");
    }
    return err ? err : ll_buf_adds(b, "    </testcase>\n");
}

static void
report_junit_counts(const report_view *v, size_t *tests, size_t *fails,
                    size_t *errors)
{
    *tests = v->missing ? 1 : v->r.nchecks + !report_ran(v);
    *fails = v->missing ? 0 : v->r.nchecks - ll_result_passed(&v->r);
    *errors = !report_ran(v) && !v->skipped;
}

static int
report_junit_suite(ll_buf *b, const report_view *v)
{
    const ll_report_sub *s = v->s;
    const ll_result *r = &v->r;
    size_t j, tests, fails, errors;
    char *when = report_iso8601(s->graded_at), score[64];
    bool out_done = false;
    int err = when ? LL_OK : LL_ENOMEM;

    report_junit_counts(v, &tests, &fails, &errors);
    if (!err) err = ll_buf_adds(b, "  <testsuite name=\"");
    if (!err) err = report_xml(b, v->cls);
    if (!err) err = ll_buf_printf(b, "\" tests=\"%zu\" failures=\"%zu\" "
                                  "errors=\"%zu\" skipped=\"%d\" time=\"%.3f\" "
                                  "timestamp=\"%s\" hostname=\"\">\n"
                                  "    <properties>", tests, fails, errors,
                                  v->skipped, r->wall, when);
    snprintf(score, sizeof score, "%g/%g", ll_result_score(r),
             ll_result_max(r));
    if (!err) err = report_junit_prop(b, "verdict", v->label ? v->label
                                      : ll_verdict_name(r->verdict));
    if (!err && !v->missing) err = report_junit_prop(b, "score", score);
    if (!err && v->who) err = report_junit_prop(b, "student", v->who);
    if (!err && s->file) err = report_junit_prop(b, "file", s->file);
    if (!err && s->sandbox && s->sandbox[0])
        err = report_junit_prop(b, "sandbox", s->sandbox);
    if (!err) err = ll_buf_adds(b, "</properties>\n");
    /* The program's output goes with the first failing case only. */
    if (!err && v->skipped) {
        err = report_junit_case(b, v->cls, REPORT_RUN_TEST, "skipped",
                                v->runmsg, NULL);
    } else if (!err && !report_ran(v)) {
        err = report_junit_case(b, v->cls, REPORT_RUN_TEST, "error",
                                v->runmsg, r->output);
        out_done = true;
    }
    for (j = 0; err == LL_OK && j < r->nchecks; j++) {
        const ll_check_result *c = &r->checks[j];
        err = report_junit_case(b, v->cls, c->name,
                                c->passed ? NULL : "failure", report_msg(c),
                                c->passed || out_done ? NULL : r->output);
        out_done = out_done || !c->passed;
    }
    free(when);
    return err ? err : ll_buf_adds(b, "  </testsuite>\n");
}

int
report_junit(ll_buf *b, const report_view *v, size_t n)
{
    size_t i, tests = 0, fails = 0, errors = 0;
    double wall = 0;
    int err;

    for (i = 0; i < n; i++) {
        size_t t, f, e;
        report_junit_counts(&v[i], &t, &f, &e);
        tests += t;
        fails += f;
        errors += e;
        wall += v[i].r.wall;
    }
    err = ll_buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<testsuites name=\"looplab\" tests=\"%zu\" "
                        "failures=\"%zu\" errors=\"%zu\" time=\"%.3f\">\n",
                        tests, fails, errors, wall);
    for (i = 0; err == LL_OK && i < n; i++)
        err = report_junit_suite(b, &v[i]);
    return err ? err : ll_buf_adds(b, "</testsuites>\n");
}

/* SPDX-License-Identifier: MIT
 * grader/report_tap.c -- the TAP writer, for Perl's prove (TAP::Harness
 * 3.44, the reference consumer): "TAP version 13" (it refuses 14), YAML
 * diagnostics as one-line double-quoted scalars with \n \t \\ \" \xNN
 * escapes (its YAMLish reader has no `|-` block scalars and would fail on
 * one). Several submissions become indented subtests, which TAP 13
 * consumers read as comments, each summed up by one top-level point; the
 * plan counts every submission, missing ones too.
 */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A TAP description: escape \ and #, keep it on one line. */
static int
report_tap_desc(ll_buf *b, const char *s)
{
    int err = LL_OK;
    for (; err == LL_OK && *s; s++) {
        if (*s == '\\' || *s == '#')
            err = ll_buf_add(b, "\\", 1);
        if (!err)
            err = ll_buf_add(b, *s == '\n' || *s == '\r' ? " " : s, 1);
    }
    return err;
}

/* `key: "value"` on one line, indented by ind. */
static int
report_yaml(ll_buf *b, const char *ind, const char *key, const char *s)
{
    int err = ll_buf_printf(b, "%s%s: \"", ind, key);
    for (; err == LL_OK && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            err = ll_buf_printf(b, "\\%c", c);
        else if (c == '\n')
            err = ll_buf_adds(b, "\\n");
        else if (c == '\t')
            err = ll_buf_adds(b, "\\t");
        else if (c == '\r')
            err = ll_buf_adds(b, "\\r");
        else if (c < 0x20 || c == 0x7F)
            err = ll_buf_printf(b, "\\x%02X", c);
        else
            err = ll_buf_add(b, s, 1);
    }
    return err ? err : ll_buf_adds(b, "\"\n");
}

static int
report_tap_point(ll_buf *b, const char *ind, size_t k, bool ok,
                 const char *name, const char *msg, const char *got)
{
    char sub[16];
    int err = ll_buf_printf(b, "%s%sok %zu - ", ind, ok ? "" : "not ", k);
    if (!err) err = report_tap_desc(b, name);
    if (!err) err = ll_buf_adds(b, "\n");
    if (err || ok)
        return err;
    snprintf(sub, sizeof sub, "%s  ", ind);
    err = ll_buf_printf(b, "%s---\n", sub);
    if (!err) err = report_yaml(b, sub, "message", msg);
    if (!err) err = ll_buf_printf(b, "%sseverity: fail\n", sub);
    if (!err && got && got[0])
        err = report_yaml(b, sub, "got", got);
    return err ? err : ll_buf_printf(b, "%s...\n", sub);
}

/* One submission's points, under a plan of its own. */
static int
report_tap1(ll_buf *b, const char *ind, const report_view *v)
{
    const ll_result *r = &v->r;
    size_t j, k = 0;
    int err;

    if (v->skipped) {   /* TAP's skip-all plan */
        err = ll_buf_printf(b, "%s1..0 # SKIP ", ind);
        if (!err) err = report_tap_desc(b, v->runmsg);
        return err ? err : ll_buf_adds(b, "\n");
    }
    err = ll_buf_printf(b, "%s1..%zu\n", ind,
                        v->missing ? 1 : r->nchecks + !report_ran(v));
    if (!err && !report_ran(v))
        err = report_tap_point(b, ind, ++k, false, REPORT_RUN_TEST,
                               v->runmsg, NULL);
    for (j = 0; err == LL_OK && j < r->nchecks; j++) {
        const ll_check_result *c = &r->checks[j];
        err = report_tap_point(b, ind, ++k, c->passed, c->name, report_msg(c),
                               report_measured(c));
    }
    return err;
}

int
report_tap(ll_buf *b, const report_view *v, size_t n)
{
    size_t i;
    int err = ll_buf_adds(b, "TAP version 13\n");

    if (!err && n == 1)
        return report_tap1(b, "", &v[0]);
    if (!err) err = ll_buf_printf(b, "1..%zu\n", n);
    for (i = 0; err == LL_OK && i < n; i++) {
        const ll_result *r = &v[i].r;
        const char *who = v[i].who ? v[i].who : r->exercise;
        char *sum = v[i].missing ? ll_strdup(v[i].runmsg)
                  : ll_asprintf("%s: %zu/%zu checks, %g/%g points",
                                ll_verdict_name(r->verdict),
                                ll_result_passed(r), r->nchecks,
                                ll_result_score(r), ll_result_max(r));
        err = sum ? ll_buf_adds(b, "# Subtest: ") : LL_ENOMEM;
        if (!err) err = report_tap_desc(b, who);
        if (!err) err = ll_buf_adds(b, "\n");
        if (!err) err = report_tap1(b, "    ", &v[i]);
        if (!err && v[i].skipped) {
            err = ll_buf_printf(b, "ok %zu - ", i + 1);
            if (!err) err = report_tap_desc(b, who);
            if (!err) err = ll_buf_adds(b, " # SKIP ");
            if (!err) err = report_tap_desc(b, sum);
            if (!err) err = ll_buf_adds(b, "\n");
        } else if (!err) err = report_tap_point(b, "", i + 1, !v[i].missing
                                         && r->verdict == LL_VERDICT_PASS,
                                         who, sum, NULL);
        free(sum);
    }
    return err;
}

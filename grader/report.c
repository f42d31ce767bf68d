/* SPDX-License-Identifier: MIT
 * grader/report.c -- the grade writers behind report.h.
 *
 * Mapping: a check is pass or fail; a run that did not
 * finish (RE, TLE, MLE, OLE, INTERNAL) adds one synthetic first test,
 * "program runs to completion", with status error, so every format shows
 * why the checks after it failed. Exercism "error" is kept for "no check
 * ran at all" (INTERNAL, or no checks), as its spec asks.
 */
#include "report.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#ifndef LL_VERSION
#define LL_VERSION "unknown"
#endif

#define REPORT_HIDDEN_MSG "hidden check: details are not shown"
#define REPORT_RUN_TEST   "program runs to completion"
#define REPORT_OUTPUT_MAX 500   /* Exercism's per-test output limit */
#define REPORT_CLIP       8192  /* output kept in json / junit reports */

static const char *const report_names[] = {
    "text", "json", "exercism", "junit", "tap"
};
static const char *const report_files[] = {
    "results.txt", "results.json", "results.exercism.json", "junit.xml",
    "results.tap"
};

int
ll_report_parse_format(const char *name, ll_report_format *out)
{
    size_t i;
    for (i = 0; i < LL_COUNTOF(report_names); i++)
        if (strcmp(name, report_names[i]) == 0) {
            *out = (ll_report_format)i;
            return LL_OK;
        }
    return LL_EINVAL;
}

const char *
ll_report_format_name(ll_report_format f)
{
    return report_names[f];
}

const char *
ll_report_file_name(ll_report_format f)
{
    return report_files[f];
}

/* {=========================== helpers ===========================} */

static bool
report_ran(const ll_result *r)
{
    return r->verdict == LL_VERDICT_PASS || r->verdict == LL_VERDICT_FAIL;
}

static const char *
report_msg(const ll_check_result *c)
{
    if (c->passed)
        return "";
    return c->hidden ? REPORT_HIDDEN_MSG : c->message;
}

static const char *
report_measured(const ll_check_result *c)
{
    return c->hidden ? "" : c->measured;
}

/* "<verdict>: <error>" for the synthetic run test. */
static char *
report_run_msg(const ll_result *r)
{
    return ll_asprintf("%s: %s%s%s", ll_verdict_name(r->verdict),
                       ll_verdict_why(r->verdict), r->error[0] ? "\n" : "",
                       r->error);
}

/* At most REPORT_CLIP bytes of a program's output: the head and the tail
 * (where the error usually is), cut on UTF-8 boundaries. Heap string. */
static char *
report_clip(const char *s)
{
    size_t len = strlen(s), head = REPORT_CLIP / 2, tail = REPORT_CLIP / 4;
    if (len <= REPORT_CLIP)
        return ll_strdup(s);
    while (head > 0 && ((unsigned char)s[head] & 0xC0) == 0x80)
        head--;
    while (tail > 0 && ((unsigned char)s[len - tail] & 0xC0) == 0x80)
        tail--;
    return ll_asprintf("%.*s\n[... %zu bytes of output cut ...]\n%s",
                       (int)head, s, len - head - tail, s + len - tail);
}

static char *
report_iso8601(int64_t t)
{
    char buf[32];
    time_t tt = (time_t)(t ? t : time(NULL));
    struct tm tm;

    gmtime_r(&tt, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return ll_strdup(buf);
}

static int
report_json_add(ll_buf *b, json_t *j, size_t flags)
{
    char *s;
    int err;

    if (j == NULL)
        return LL_ENOMEM;
    s = json_dumps(j, flags | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (s == NULL)
        return LL_ENOMEM;
    err = ll_buf_adds(b, s);
    if (err == LL_OK)
        err = ll_buf_adds(b, "\n");
    free(s);
    return err;
}

/* {===================== lossless result JSON =====================} */

char *
ll_report_result_to_json(const ll_result *r)
{
    json_t *o, *checks;
    char *s;
    size_t i;

    o = json_pack("{s:s, s:s, s:s, s:s, s:f, s:f, s:s?}",
                  "exercise", r->exercise ? r->exercise : "",
                  "verdict", ll_verdict_name(r->verdict),
                  "error", r->error ? r->error : "",
                  "output", r->output ? r->output : "",
                  "vtime", r->vtime, "wall", r->wall,
                  "trace_path", r->trace_path);
    checks = json_array();
    if (o == NULL || checks == NULL) {
        json_decref(o);
        json_decref(checks);
        return NULL;
    }
    json_object_set_new(o, "checks", checks);
    for (i = 0; i < r->nchecks; i++) {
        const ll_check_result *c = &r->checks[i];
        if (json_array_append_new(checks, json_pack(
                "{s:s, s:s, s:s, s:f, s:b, s:b}", "name", c->name,
                "message", c->message, "measured", c->measured,
                "points", c->points, "passed", c->passed,
                "hidden", c->hidden)) != 0) {
            json_decref(o);
            return NULL;
        }
    }
    s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return s;
}

static ll_verdict
report_parse_verdict(const char *s, bool *ok)
{
    int v;
    for (v = LL_VERDICT_PASS; v <= LL_VERDICT_INTERNAL; v++)
        if (strcmp(s, ll_verdict_name((ll_verdict)v)) == 0)
            return (ll_verdict)v;
    *ok = false;
    return LL_VERDICT_INTERNAL;
}

int
ll_report_result_from_json(const char *text, ll_result *out, char **err)
{
    json_error_t je;
    json_t *o, *checks, *c, *trace = NULL;
    const char *ex = NULL, *verdict = NULL, *error = NULL, *output = NULL;
    double vtime = -1, wall = 0;
    bool ok = true;
    size_t i;

    ll_result_init(out);
    if (err)
        *err = NULL;
    o = json_loads(text, 0, &je);
    if (o == NULL || json_unpack_ex(o, &je, 0,
            "{s:s, s:s, s:s, s:s, s:F, s:F, s?o, s:o}", "exercise", &ex,
            "verdict", &verdict, "error", &error, "output", &output,
            "vtime", &vtime, "wall", &wall, "trace_path", &trace,
            "checks", &checks) != 0 || !json_is_array(checks))
        goto bad;
    out->verdict = report_parse_verdict(verdict, &ok);
    if (!ok)
        goto bad;
    free(out->exercise);
    free(out->error);
    free(out->output);
    out->exercise = ll_strdup(ex);
    out->error = ll_strdup(error);
    out->output = ll_strdup(output);
    out->trace_path = json_is_string(trace)
                    ? ll_strdup(json_string_value(trace)) : NULL;
    out->vtime = vtime;
    out->wall = wall;
    if (!out->exercise || !out->error || !out->output) {
        json_decref(o);
        return LL_ENOMEM;
    }
    json_array_foreach(checks, i, c) {
        const char *name, *msg, *meas;
        double pts;
        int passed, hidden;
        if (json_unpack_ex(c, &je, 0, "{s:s, s:s, s:s, s:F, s:b, s:b}",
                           "name", &name, "message", &msg, "measured",
                           &meas, "points", &pts, "passed", &passed,
                           "hidden", &hidden) != 0)
            goto bad;
        if (ll_result_add(out, name, pts, passed, hidden, msg, meas) != LL_OK) {
            json_decref(o);
            return LL_ENOMEM;
        }
    }
    json_decref(o);
    return LL_OK;
bad:
    if (err)
        *err = ll_asprintf("not a looplab result: %s",
                           o == NULL || je.text[0] ? je.text : "bad field");
    json_decref(o);
    return LL_EINVAL;
}

/* {============================ text ============================} */

static int
report_text1(ll_buf *b, const ll_report_sub *s)
{
    const ll_result *r = s->r;
    size_t i;
    int err = ll_buf_printf(b, "%s%s%s  %s  %zu/%zu checks  %g/%g points\n",
                            s->student ? s->student : "",
                            s->student ? "  " : "", r->exercise,
                            ll_verdict_name(r->verdict), ll_result_passed(r),
                            r->nchecks, ll_result_score(r), ll_result_max(r));
    if (err == LL_OK && !report_ran(r)) {
        char *m = report_run_msg(r);
        err = m ? ll_buf_printf(b, "  ! %s\n", m) : LL_ENOMEM;
        free(m);
    }
    for (i = 0; err == LL_OK && i < r->nchecks; i++) {
        const ll_check_result *c = &r->checks[i];
        err = ll_buf_printf(b, "  %s %s%s%s\n", c->passed ? "ok  " : "FAIL",
                            c->name, c->passed ? "" : ": ", report_msg(c));
    }
    return err;
}

static int
report_text(ll_buf *b, const ll_report_sub *subs, size_t n)
{
    size_t i, pass = 0;
    int err = LL_OK;

    for (i = 0; err == LL_OK && i < n; i++) {
        err = report_text1(b, &subs[i]);
        pass += subs[i].r->verdict == LL_VERDICT_PASS;
    }
    return err ? err : ll_buf_printf(b, "%zu passed, %zu failed\n", pass,
                                     n - pass);
}

/* {===================== json and exercism =====================} */

static const char *
report_status(const ll_result *r)
{
    if (r->verdict == LL_VERDICT_INTERNAL || r->nchecks == 0)
        return "error";
    return r->verdict == LL_VERDICT_PASS ? "pass" : "fail";
}

static json_t *
report_json1(const ll_report_sub *s, bool native)
{
    const ll_result *r = s->r;
    json_t *o, *tests;
    char *runmsg = NULL, *when;
    size_t i;

    o = json_object();
    tests = json_array();
    if (o == NULL || tests == NULL)
        goto oom;
    if (native)
        json_object_set_new(o, "schema", json_string("looplab-results/1"));
    json_object_set_new(o, "version", json_integer(3));
    json_object_set_new(o, "status", json_string(report_status(r)));
    if (!report_ran(r)) {
        runmsg = report_run_msg(r);
        if (runmsg == NULL)
            goto oom;
        json_object_set_new(o, "message", json_string(runmsg));
    } else {
        json_object_set_new(o, "message", json_null());
    }
    json_object_set_new(o, "tests", tests);
    for (i = 0; i < r->nchecks; i++) {
        const ll_check_result *c = &r->checks[i];
        json_t *t = json_object();
        if (t == NULL || json_array_append_new(tests, t) != 0)
            goto oom;
        json_object_set_new(t, "name", json_string(c->name));
        json_object_set_new(t, "status", json_string(c->passed ? "pass"
                                                               : "fail"));
        if (!c->passed)
            json_object_set_new(t, "message", json_string(report_msg(c)));
        if (native) {
            json_object_set_new(t, "points", json_real(c->passed ? c->points
                                                                 : 0));
            json_object_set_new(t, "max_points", json_real(c->points));
            json_object_set_new(t, "hidden", json_boolean(c->hidden));
            if (report_measured(c)[0])
                json_object_set_new(t, "measured",
                                    json_string(report_measured(c)));
        }
    }
    if (native) {
        when = report_iso8601(s->graded_at);
        json_object_set_new(o, "looplab", json_pack(
            "{s:s?, s:s, s:s?, s:s, s:f, s:f, s:f, s:f, s:s?, s:s?, s:s?, "
            "s:s}",
            "student", s->student, "exercise", r->exercise, "file", s->file,
            "verdict", ll_verdict_name(r->verdict), "score",
            ll_result_score(r), "max_score", ll_result_max(r), "vtime",
            r->vtime, "wall", r->wall, "sandbox", s->sandbox, "hash",
            s->hash, "graded_at", when, "version", LL_VERSION));
        free(when);
        if (r->output && r->output[0]) {
            char *clip = report_clip(r->output);
            json_object_set_new(json_object_get(o, "looplab"), "output",
                                clip ? json_string(clip) : json_null());
            free(clip);
        }
    } else if (r->output && r->output[0] && json_array_size(tests) > 0) {
        /* Exercism: at most 500 characters of output, on the first test. */
        char cut[REPORT_OUTPUT_MAX + 64];
        size_t len = strlen(r->output);
        if (len > REPORT_OUTPUT_MAX) {
            size_t k = REPORT_OUTPUT_MAX - 60;
            while (k > 0 && ((unsigned char)r->output[k] & 0xC0) == 0x80)
                k--;   /* never cut a UTF-8 sequence in half */
            snprintf(cut, sizeof cut, "%.*s\nOutput was truncated. Please "
                     "limit to 500 chars", (int)k, r->output);
        } else {
            snprintf(cut, sizeof cut, "%s", r->output);
        }
        json_object_set_new(json_array_get(tests, 0), "output",
                            json_string(cut));
    }
    free(runmsg);
    return o;
oom:
    free(runmsg);
    json_decref(o);
    json_decref(tests);
    return NULL;
}

static int
report_json(ll_buf *b, const ll_report_sub *subs, size_t n, bool native)
{
    size_t i, flags = n == 1 ? JSON_INDENT(2) : JSON_COMPACT;
    int err = LL_OK;

    for (i = 0; err == LL_OK && i < n; i++)
        err = report_json_add(b, report_json1(&subs[i], native), flags);
    return err;
}

/* {============================ junit ============================} */

/* XML 1.0 text: escape markup, drop the control characters it forbids. */
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
            err = ll_buf_add(b, s, 1);
        }
    }
    return err;
}

static int
report_junit_case(ll_buf *b, const char *cls, const char *name,
                  const char *file, const char *kind, const char *msg,
                  const char *out)
{
    int err = ll_buf_adds(b, "    <testcase classname=\"");
    if (!err) err = report_xml(b, cls);
    if (!err) err = ll_buf_adds(b, "\" name=\"");
    if (!err) err = report_xml(b, name);
    if (!err) err = ll_buf_adds(b, "\" time=\"0\"");
    if (!err && file) {
        err = ll_buf_adds(b, " file=\"");
        if (!err) err = report_xml(b, file);
        if (!err) err = ll_buf_adds(b, "\"");
    }
    if (!err && kind == NULL)
        return ll_buf_adds(b, "/>\n");
    if (!err) err = ll_buf_printf(b, ">\n      <%s message=\"", kind);
    if (!err) err = report_xml(b, msg);
    if (!err) err = ll_buf_printf(b, "\" type=\"%s\">", kind);
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

static int
report_junit(ll_buf *b, const ll_report_sub *subs, size_t n)
{
    size_t i, j, tests = 0, fails = 0, errors = 0;
    double wall = 0;
    bool out_done;
    int err;

    for (i = 0; i < n; i++) {
        const ll_result *r = subs[i].r;
        tests += r->nchecks + !report_ran(r);
        errors += !report_ran(r);
        fails += r->nchecks - ll_result_passed(r);
        wall += r->wall;
    }
    err = ll_buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<testsuites name=\"looplab\" tests=\"%zu\" "
                        "failures=\"%zu\" errors=\"%zu\" skipped=\"0\" "
                        "time=\"%.3f\">\n", tests, fails, errors, wall);
    for (i = 0; err == LL_OK && i < n; i++) {
        const ll_report_sub *s = &subs[i];
        const ll_result *r = s->r;
        char *cls = ll_asprintf("%s%s%s", s->student ? s->student : "",
                                s->student ? "." : "", r->exercise);
        char *when = report_iso8601(s->graded_at);
        if (cls == NULL || when == NULL) {
            free(cls);
            free(when);
            return LL_ENOMEM;
        }
        err = ll_buf_adds(b, "  <testsuite name=\"");
        if (!err) err = report_xml(b, cls);
        if (!err) err = ll_buf_printf(b, "\" tests=\"%zu\" failures=\"%zu\" "
                "errors=\"%d\" skipped=\"0\" time=\"%.3f\" timestamp=\"%s\" "
                "hostname=\"\">\n", r->nchecks + !report_ran(r),
                r->nchecks - ll_result_passed(r), !report_ran(r), r->wall,
                when);
        if (!err) {
            err = ll_buf_printf(b, "    <properties><property name=\"verdict\""
                                " value=\"%s\"/><property name=\"score\" "
                                "value=\"%g/%g\"/>", ll_verdict_name(r->verdict),
                                ll_result_score(r), ll_result_max(r));
            if (!err && s->student) {
                err = ll_buf_adds(b, "<property name=\"student\" value=\"");
                if (!err) err = report_xml(b, s->student);
                if (!err) err = ll_buf_adds(b, "\"/>");
            }
            if (!err) err = ll_buf_adds(b, "</properties>\n");
        }
        /* The program's output goes with the first failing case only. */
        out_done = false;
        if (!err && !report_ran(r)) {
            char *m = report_run_msg(r);
            err = m ? report_junit_case(b, cls, REPORT_RUN_TEST, s->file,
                                        "error", m, r->output) : LL_ENOMEM;
            free(m);
            out_done = true;
        }
        for (j = 0; err == LL_OK && j < r->nchecks; j++) {
            const ll_check_result *c = &r->checks[j];
            err = report_junit_case(b, cls, c->name, s->file,
                                    c->passed ? NULL : "failure",
                                    report_msg(c), c->passed || out_done
                                    ? NULL : r->output);
            out_done = out_done || !c->passed;
        }
        if (!err) err = ll_buf_adds(b, "  </testsuite>\n");
        free(cls);
        free(when);
    }
    return err ? err : ll_buf_adds(b, "</testsuites>\n");
}

/* {============================= tap =============================} */

/* A TAP 14 description: escape \ and #, keep it on one line. */
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

/* YAML block scalar, indented under `key: |-`. */
static int
report_yaml(ll_buf *b, const char *ind, const char *key, const char *s)
{
    int err = ll_buf_printf(b, "%s%s: |-\n%s  ", ind, key, ind);
    for (; err == LL_OK && *s; s++) {
        err = ll_buf_add(b, s, 1);
        if (!err && *s == '\n' && s[1])
            err = ll_buf_printf(b, "%s  ", ind);
    }
    return err ? err : ll_buf_adds(b, "\n");
}

static int
report_tap_point(ll_buf *b, const char *ind, size_t k, bool ok,
                 const char *name, const char *msg, const char *got)
{
    int err = ll_buf_printf(b, "%s%sok %zu - ", ind, ok ? "" : "not ", k);
    if (!err) err = report_tap_desc(b, name);
    if (!err) err = ll_buf_adds(b, "\n");
    if (err || ok)
        return err;
    err = ll_buf_printf(b, "%s  ---\n", ind);
    if (!err) {
        char *sub = ll_asprintf("%s  ", ind);
        err = sub ? report_yaml(b, sub, "message", msg) : LL_ENOMEM;
        if (!err) err = ll_buf_printf(b, "%s  severity: fail\n", ind);
        if (!err && got && got[0])
            err = report_yaml(b, sub, "got", got);
        free(sub);
    }
    return err ? err : ll_buf_printf(b, "%s  ...\n", ind);
}

static int
report_tap1(ll_buf *b, const char *ind, const ll_result *r)
{
    size_t j, k = 0;
    int err = ll_buf_printf(b, "%s1..%zu\n", ind,
                            r->nchecks + !report_ran(r));
    if (!err && !report_ran(r)) {
        char *m = report_run_msg(r);
        err = m ? report_tap_point(b, ind, ++k, false, REPORT_RUN_TEST, m,
                                   NULL) : LL_ENOMEM;
        free(m);
    }
    for (j = 0; err == LL_OK && j < r->nchecks; j++) {
        const ll_check_result *c = &r->checks[j];
        err = report_tap_point(b, ind, ++k, c->passed, c->name, report_msg(c),
                               report_measured(c));
    }
    return err;
}

static int
report_tap(ll_buf *b, const ll_report_sub *subs, size_t n)
{
    size_t i;
    int err = ll_buf_adds(b, "TAP version 14\n");

    if (!err && n == 1)
        return report_tap1(b, "", subs[0].r);
    if (!err) err = ll_buf_printf(b, "1..%zu\n", n);
    for (i = 0; err == LL_OK && i < n; i++) {
        const ll_report_sub *s = &subs[i];
        const char *who = s->student ? s->student : s->r->exercise;
        err = ll_buf_adds(b, "# Subtest: ");
        if (!err) err = report_tap_desc(b, who);
        if (!err) err = ll_buf_adds(b, "\n");
        if (!err) err = report_tap1(b, "    ", s->r);
        if (!err) err = report_tap_point(b, "", i + 1,
                                         s->r->verdict == LL_VERDICT_PASS,
                                         who, ll_verdict_name(s->r->verdict),
                                         NULL);
    }
    return err;
}

/* {============================ entry ============================} */

int
ll_report_write(ll_buf *b, ll_report_format f, const ll_report_sub *subs,
                size_t n)
{
    switch (f) {
    case LL_REPORT_TEXT:     return report_text(b, subs, n);
    case LL_REPORT_JSON:     return report_json(b, subs, n, true);
    case LL_REPORT_EXERCISM: return report_json(b, subs, n, false);
    case LL_REPORT_JUNIT:    return report_junit(b, subs, n);
    case LL_REPORT_TAP:      return report_tap(b, subs, n);
    }
    return LL_EINVAL;
}

int
ll_report_write_missing(ll_buf *b, ll_report_format f, const ll_report_sub *s)
{
    const char *who = s->student ? s->student : "";
    char *msg = ll_asprintf("%s is missing from %s's folder: nothing was "
                            "graded", s->file, who);
    char *cls = ll_asprintf("%s.%s", who, s->item);
    json_t *o = NULL;
    int err = msg && cls ? LL_OK : LL_ENOMEM;

    switch (err ? LL_REPORT_TEXT : f) {
    case LL_REPORT_JSON:
    case LL_REPORT_EXERCISM:
        o = json_object();
        if (o == NULL)
            break;
        if (f == LL_REPORT_JSON)
            json_object_set_new(o, "schema", json_string("looplab-results/1"));
        json_object_set_new(o, "version", json_integer(3));
        json_object_set_new(o, "status", json_string("error"));
        json_object_set_new(o, "message", json_string(msg));
        json_object_set_new(o, "tests", json_array());
        if (f == LL_REPORT_JSON)
            json_object_set_new(o, "looplab", json_pack(
                "{s:s?, s:s, s:s?, s:s, s:s?, s:s}", "student", s->student,
                "exercise", s->item, "file", s->file, "verdict", "MISSING",
                "sandbox", s->sandbox, "version", LL_VERSION));
        err = report_json_add(b, o, JSON_INDENT(2));
        break;
    case LL_REPORT_JUNIT:
        err = ll_buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                            "<testsuites name=\"looplab\" tests=\"1\" "
                            "failures=\"0\" errors=\"1\" skipped=\"0\" "
                            "time=\"0.000\">\n  <testsuite name=\"");
        if (!err) err = report_xml(b, cls);
        if (!err) err = ll_buf_adds(b, "\" tests=\"1\" failures=\"0\" "
                                    "errors=\"1\" skipped=\"0\" time=\"0.000\">\n"
                                    "    <properties><property name=\"verdict\" "
                                    "value=\"MISSING\"/></properties>\n");
        if (!err) err = report_junit_case(b, cls, REPORT_RUN_TEST, s->file,
                                          "error", msg, NULL);
        if (!err) err = ll_buf_adds(b, "  </testsuite>\n</testsuites>\n");
        break;
    case LL_REPORT_TAP:
        err = ll_buf_adds(b, "TAP version 14\n1..1\n");
        if (!err) err = report_tap_point(b, "", 1, false, REPORT_RUN_TEST,
                                         msg, NULL);
        break;
    case LL_REPORT_TEXT:
        if (!err) err = ll_buf_printf(b, "%s  %s  MISSING\n  ! %s\n"
                                      "0 passed, 1 failed\n", who, s->item,
                                      msg);
        break;
    default:
        err = LL_EINVAL;
    }
    if (err == LL_OK && (f == LL_REPORT_JSON || f == LL_REPORT_EXERCISM)
        && o == NULL)
        err = LL_ENOMEM;
    free(msg);
    free(cls);
    return err;
}

int
ll_report_csv_field(ll_buf *b, const char *s, bool guard)
{
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    int err = LL_OK;

    if (quote)
        err = ll_buf_adds(b, "\"");
    if (!err && guard && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
        err = ll_buf_adds(b, "'");
    for (; err == LL_OK && *s; s++)
        err = *s == '"' ? ll_buf_adds(b, "\"\"") : ll_buf_add(b, s, 1);
    if (!err && quote)
        err = ll_buf_adds(b, "\"");
    return err;
}

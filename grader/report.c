/* SPDX-License-Identifier: MIT
 * grader/report.c -- the grade writers behind report.h: the views every
 * format prints from, text, json and exercism (junit and tap have their
 * own files), the lossless result JSON and the CSV field.
 *
 * Mapping: a check is pass or fail; a run that did not
 * finish (RE, TLE, MLE, OLE, INTERNAL) adds one synthetic first test,
 * "program runs to completion", with status error, so every format shows
 * why the checks after it failed. Exercism's top-level "error" (with the
 * only top-level message) means no check ran at all: INTERNAL, no checks,
 * a run stopped before its checks (wall-clock TLE, OLE, a memory kill, a
 * process that died), or a missing file; its tests then say "error" too.
 */
#include "report_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#ifndef LL_VERSION
#define LL_VERSION "unknown"
#endif

#define REPORT_OUTPUT_MAX 500   /* Exercism's per-test output limit */
/* Stands for the student's name in a jansson tree: no C string holds a
 * NUL, so its dump ("\u0000...") cannot be anything else, and it is
 * swapped for the lossless name after the dump (jansson refuses bytes
 * that are not UTF-8 and lone surrogates). */
static const char report_name_token[] = "\0looplab-student";
#define REPORT_NAME_DUMP "\"\\u0000looplab-student\""

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

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when s does not
 * start one: a stray continuation byte, an overlong form, a surrogate,
 * past U+10FFFF, or cut short (the NUL stops it). */
static size_t
report_utf8(const unsigned char *s)
{
    uint32_t cp;
    size_t n, i;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        n = 2, cp = s[0] & 0x1Fu;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        n = 3, cp = s[0] & 0x0Fu;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        n = 4, cp = s[0] & 0x07u;
    else
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))
        || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

static int
report_name_control(const unsigned char *s, size_t k)
{
    if (k == 2)
        return s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F;
    if (k == 3 && s[0] == 0xE2)
        return (s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE)
            || (s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9);
    return 0;
}

char *
ll_report_name_escape(const char *name)
{
    const unsigned char *s = (const unsigned char *)name;
    ll_buf b;
    int err = LL_OK;

    ll_buf_init(&b);
    while (err == LL_OK && *s) {
        size_t k = report_utf8(s);
        if (*s == '\\')
            err = ll_buf_adds(&b, "\\\\");
        else if (k == 0 || *s < 0x20 || *s == 0x7F)
            err = ll_buf_printf(&b, "\\x%02X", *s);
        else if (report_name_control(s, k))
            /* a C1 control (U+0080..U+009F: CSI is one) or a bidi
             * override (U+202A..U+202E, U+2066..U+2069: "Trojan Source")
             * acts on the terminal or reorders what is shown: escaped,
             * byte by byte like any control */
            for (size_t j = 0; j < k && err == LL_OK; j++)
                err = ll_buf_printf(&b, "\\x%02X", s[j]);
        else
            err = ll_buf_add(&b, (const char *)s, k);
        s += k ? k : 1;
    }
    if (err != LL_OK) {
        ll_buf_close(&b);
        return NULL;
    }
    return ll_buf_take(&b);
}

/* The name as a JSON string literal, PEP 383 style: valid UTF-8 as is,
 * every other byte as the lone surrogate \udcNN. */
static int
report_json_name(ll_buf *b, const char *name)
{
    const unsigned char *s = (const unsigned char *)name;
    int err = ll_buf_adds(b, "\"");

    while (err == LL_OK && *s) {
        size_t k = report_utf8(s);
        if (k == 0)
            err = ll_buf_printf(b, "\\udc%02x", *s);
        else if (*s == '"' || *s == '\\')
            err = ll_buf_printf(b, "\\%c", *s);
        else if (*s < 0x20)
            err = ll_buf_printf(b, "\\u%04x", *s);
        else
            err = ll_buf_add(b, (const char *)s, k);
        s += k ? k : 1;
    }
    return err ? err : ll_buf_adds(b, "\"");
}

static bool
report_path_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9') || strchr("._-~+@", c) != NULL;
}

/* Text as reports show it: the submission's folder (dir, ending in '/')
 * cut, any other absolute path of two or more parts cut to its last part
 * (a traceback's "/usr/lib/python3.11/x.py" says "x.py"), bytes that are
 * not UTF-8, C1 controls and bidi overrides as U+FFFD. Heap string or
 * NULL. */
static char *
report_clean(const char *text, const char *dir)
{
    const char *s = text ? text : "";
    size_t dlen = dir ? strlen(dir) : 0, i = 0;
    ll_buf b;
    int err = LL_OK;

    ll_buf_init(&b);
    while (err == LL_OK && s[i]) {
        size_t k;
        if (dlen && strncmp(s + i, dir, dlen) == 0) {
            i += dlen;
            continue;
        }
        if (s[i] == '/' && report_path_char(s[i + 1])
            && (i == 0 || strchr(" \t\n\"'(=:<[", s[i - 1]) != NULL)) {
            size_t end = i + 1, last = i;
            while (s[end] && (report_path_char(s[end]) || s[end] == '/')) {
                if (s[end] == '/')
                    last = end;
                end++;
            }
            if (last > i) {   /* a folder and a name: keep the name */
                err = ll_buf_add(&b, s + last + 1, end - last - 1);
                i = end;
                continue;
            }
        }
        k = report_utf8((const unsigned char *)s + i);
        /* a C1 control or a bidi override in student text would act on
         * the reader's terminal or reorder the line: U+FFFD like a byte
         * that is not UTF-8 (C0 controls are each format's to escape) */
        err = k && !report_name_control((const unsigned char *)s + i, k)
            ? ll_buf_add(&b, s + i, k) : ll_buf_adds(&b, "\xEF\xBF\xBD");
        i += k ? k : 1;
    }
    if (err != LL_OK) {
        ll_buf_close(&b);
        return NULL;
    }
    return ll_buf_take(&b);
}

bool
report_ran(const report_view *v)
{
    return !v->missing && (v->r.verdict == LL_VERDICT_PASS
                           || v->r.verdict == LL_VERDICT_FAIL);
}

bool
report_tests_ran(const report_view *v)
{
    return !v->missing && v->r.verdict != LL_VERDICT_INTERNAL
        && v->r.nchecks > 0 && !v->r.stopped;
}

const char *
report_msg(const ll_check_result *c)
{
    if (c->passed)
        return "";
    return c->hidden ? REPORT_HIDDEN_MSG : c->message;
}

const char *
report_measured(const ll_check_result *c)
{
    return c->hidden ? "" : c->measured;
}

char *
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

char *
report_iso8601(int64_t t)
{
    char buf[32];
    time_t tt = (time_t)(t ? t : time(NULL));
    struct tm tm;

    gmtime_r(&tt, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return ll_strdup(buf);
}

/* {============================ views ============================} */

static void
report_view_close(report_view *v)
{
    ll_result_close(&v->r);
    ll_free(v->who);
    ll_free(v->cls);
    ll_free(v->runmsg);
}

static int
report_view_open(report_view *v, const ll_report_sub *s)
{
    const ll_result *r = s->r;
    char *dir = NULL, *slash;
    const char *item = r ? r->exercise : s->item;
    size_t i;
    int err = LL_OK;

    memset(v, 0, sizeof *v);
    ll_result_init(&v->r);
    v->s = s;
    v->missing = r == NULL;
    v->skipped = r == NULL && s->skip != NULL;
    v->label = r != NULL ? NULL : v->skipped ? "NOT GRADED" : "MISSING";
    if (s->path && (dir = ll_strdup(s->path)) != NULL
        && (slash = strrchr(dir, '/')) != NULL)
        slash[1] = '\0';
    else if (dir) {
        ll_free(dir);
        dir = NULL;
    }
    if (s->student && (v->who = ll_report_name_escape(s->student)) == NULL)
        err = LL_ENOMEM;
    if (!err)
        v->cls = ll_asprintf("%s%s%s", v->who ? v->who : "",
                             v->who ? "." : "", item ? item : "");
    if (!err && v->cls == NULL)
        err = LL_ENOMEM;
    if (!err && v->missing) {
        v->r.exercise = ll_strdup(s->item ? s->item : "");
        v->runmsg = v->skipped
            ? ll_asprintf("not graded: %s", s->skip)
            : ll_asprintf("%s is missing from %s's folder: nothing was "
                          "graded", s->file ? s->file : "the file",
                          v->who ? v->who : "the student");
        err = v->r.exercise && v->runmsg ? LL_OK : LL_ENOMEM;
    } else if (!err) {
        v->r.exercise = ll_strdup(r->exercise ? r->exercise : "");
        v->r.error = report_clean(r->error, dir);
        v->r.output = report_clean(r->output, dir);
        v->r.verdict = r->verdict;
        v->r.stopped = r->stopped;
        v->r.vtime = r->vtime;
        v->r.wall = r->wall;
        v->r.seed = r->seed;
        if (r->notice != NULL && *r->notice)
            v->r.notice = report_clean(r->notice, dir);
        if (r->python != NULL && *r->python)
            v->r.python = report_clean(r->python, dir);
        err = v->r.exercise && v->r.error && v->r.output
              && (v->r.notice || !r->notice || !*r->notice)
              && (v->r.python || !r->python || !*r->python) ? LL_OK
                                                            : LL_ENOMEM;
        for (i = 0; err == LL_OK && i < r->nchecks; i++) {
            const ll_check_result *c = &r->checks[i];
            char *name = report_clean(c->name, dir);
            char *msg = report_clean(c->message, dir);
            char *meas = report_clean(c->measured, dir);
            err = name && msg && meas
                ? ll_result_add(&v->r, name, c->points, c->passed, c->hidden,
                                msg, meas) : LL_ENOMEM;
            if (err == LL_OK)
                ll_result_set_hint(&v->r, c->hint);
            ll_free(name);
            ll_free(msg);
            ll_free(meas);
        }
        if (err == LL_OK && !report_ran(v)) {
            v->runmsg = ll_asprintf("%s: %s%s%s", ll_verdict_name(r->verdict),
                                    ll_verdict_why(r->verdict),
                                    v->r.error[0] ? "\n" : "", v->r.error);
            err = v->runmsg ? LL_OK : LL_ENOMEM;
        }
    }
    ll_free(dir);
    return err;
}

static void report_views_close(report_view *v, size_t n);

static int
report_views_open(report_view **out, const ll_report_sub *subs, size_t n)
{
    report_view *v = ll_calloc(n ? n : 1, sizeof *v);
    size_t i;
    int err = v ? LL_OK : LL_ENOMEM;

    for (i = 0; v && i < n; i++)
        if ((err = report_view_open(&v[i], &subs[i])) != LL_OK) {
            report_view_close(&v[i]);
            report_views_close(v, i);   /* the ones before it */
            v = NULL;
        }
    *out = v;
    return err;
}

static void
report_views_close(report_view *v, size_t n)
{
    size_t i;
    for (i = 0; v && i < n; i++)
        report_view_close(&v[i]);
    ll_free(v);
}

/* {============================ text ============================} */

static int
report_text1(ll_buf *b, const report_view *v)
{
    const ll_result *r = &v->r;
    size_t i;
    int err;

    if (v->missing)
        return ll_buf_printf(b, "%s  %s  %s\n  ! %s\n", v->who ? v->who : "",
                             r->exercise, v->label, v->runmsg);
    err = ll_buf_printf(b, "%s%s%s  %s  %zu/%zu checks  %g/%g points\n",
                        v->who ? v->who : "", v->who ? "  " : "",
                        r->exercise, ll_verdict_name(r->verdict),
                        ll_result_passed(r), r->nchecks, ll_result_score(r),
                        ll_result_max(r));
    if (err == LL_OK && v->runmsg)
        err = ll_buf_printf(b, "  ! %s\n", v->runmsg);
    if (err == LL_OK && r->notice)          /* what to fix first */
        err = ll_buf_printf(b, "  ! %s\n", r->notice);
    if (err == LL_OK && r->python)
        err = ll_buf_printf(b, "  (ran on Python %s)\n", r->python);
    for (i = 0; err == LL_OK && i < r->nchecks; i++) {
        const ll_check_result *c = &r->checks[i];
        err = ll_buf_printf(b, "  %s %s%s%s\n", c->passed ? "ok  " : "FAIL",
                            c->name, c->passed ? "" : ": ", report_msg(c));
    }
    return err;
}

static int
report_text(ll_buf *b, const report_view *v, size_t n)
{
    size_t i, pass = 0;
    int err = LL_OK;

    for (i = 0; err == LL_OK && i < n; i++) {
        err = report_text1(b, &v[i]);
        pass += !v[i].missing && v[i].r.verdict == LL_VERDICT_PASS;
    }
    return err ? err : ll_buf_printf(b, "%zu passed, %zu failed\n", pass,
                                     n - pass);
}

/* {===================== json and exercism =====================} */

/* Dump j (consumed) as one line or indented, the name token swapped for
 * the lossless name. */
static int
report_json_add(ll_buf *b, json_t *j, size_t flags, const char *name)
{
    char *s, *at;
    int err;

    if (j == NULL)
        return LL_ENOMEM;
    s = json_dumps(j, flags | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (s == NULL)
        return LL_ENOMEM;
    at = name ? strstr(s, REPORT_NAME_DUMP) : NULL;
    if (at == NULL) {
        err = ll_buf_adds(b, s);
    } else {
        err = ll_buf_add(b, s, (size_t)(at - s));
        if (!err) err = report_json_name(b, name);
        if (!err) err = ll_buf_adds(b, at + strlen(REPORT_NAME_DUMP));
    }
    if (err == LL_OK)
        err = ll_buf_adds(b, "\n");
    free(s);
    return err;
}

static const char *
report_status(const report_view *v)
{
    if (!report_tests_ran(v))
        return "error";
    return v->r.verdict == LL_VERDICT_PASS ? "pass" : "fail";
}

/* Set key to a string, failing on what jansson refuses. */
static int
report_set(json_t *o, const char *key, const char *val)
{
    return json_object_set_new(o, key, json_string(val)) == 0 ? LL_OK
                                                               : LL_ENOMEM;
}

static json_t *
report_test(const char *name, const char *status, const char *msg)
{
    json_t *t = json_object();
    if (t == NULL || report_set(t, "name", name) != LL_OK
        || report_set(t, "status", status) != LL_OK
        || (msg && report_set(t, "message", msg) != LL_OK)) {
        json_decref(t);
        return NULL;
    }
    return t;
}

/* At most 500 characters of output (Exercism), cut on a UTF-8 boundary. */
static json_t *
report_exercism_output(const char *out)
{
    char cut[REPORT_OUTPUT_MAX + 64];
    size_t len = strlen(out);
    if (len > REPORT_OUTPUT_MAX) {
        size_t k = REPORT_OUTPUT_MAX - 60;
        while (k > 0 && ((unsigned char)out[k] & 0xC0) == 0x80)
            k--;
        snprintf(cut, sizeof cut, "%.*s\nOutput was truncated. Please "
                 "limit to 500 chars", (int)k, out);
    } else {
        snprintf(cut, sizeof cut, "%s", out);
    }
    return json_string(cut);
}

static json_t *
report_looplab(const report_view *v)
{
    const ll_report_sub *s = v->s;
    const ll_result *r = &v->r;
    char *when = report_iso8601(s->graded_at);
    json_t *o = when == NULL ? NULL : json_pack(
        "{s:s?, s:s, s:s?, s:s, s:f, s:f, s:f, s:f, s:s?, s:s?, s:s, s:s}",
        "student", s->student ? report_name_token : NULL,
        "exercise", r->exercise, "file", s->file,
        "verdict", v->label ? v->label : ll_verdict_name(r->verdict),
        "score", ll_result_score(r), "max_score", ll_result_max(r),
        "vtime", r->vtime, "wall", r->wall, "sandbox", s->sandbox,
        "hash", s->hash, "graded_at", when, "version", LL_VERSION);
    /* json_pack's "s" stops at the token's NUL: set it with its length. */
    if (o && s->student)
        json_object_set_new(o, "student", json_stringn(report_name_token,
                                                      sizeof report_name_token - 1));
    if (o && r->notice && report_set(o, "notice", r->notice) != LL_OK) {
        json_decref(o);
        o = NULL;
    }
    if (o && r->python && report_set(o, "python", r->python) != LL_OK) {
        json_decref(o);
        o = NULL;
    }
    if (o && r->output && r->output[0]) {
        char *clip = report_clip(r->output);
        if (clip == NULL || report_set(o, "output", clip) != LL_OK) {
            json_decref(o);
            o = NULL;
        }
        free(clip);
    }
    free(when);
    return o;
}

static json_t *
report_json1(const report_view *v, bool native)
{
    const ll_result *r = &v->r;
    bool ran = report_tests_ran(v);
    json_t *o = json_object(), *tests = json_array(), *t;
    size_t i;
    int err = o && tests ? LL_OK : LL_ENOMEM;

    if (!err && native)
        err = report_set(o, "schema", "looplab-results/1");
    if (!err && json_object_set_new(o, "version", json_integer(3)) != 0)
        err = LL_ENOMEM;
    if (!err)
        err = report_set(o, "status", report_status(v));
    /* Exercism: a top-level message only with "error". */
    if (!err && !ran)
        err = report_set(o, "message", v->runmsg ? v->runmsg
                         : "no check ran: grader problem");
    if (!err && json_object_set(o, "tests", tests) != 0)
        err = LL_ENOMEM;
    /* A run that stopped but whose checks still ran: say why first. */
    if (!err && ran && v->runmsg)
        err = json_array_append_new(tests, report_test(REPORT_RUN_TEST,
                                    "error", v->runmsg)) ? LL_ENOMEM : LL_OK;
    for (i = 0; err == LL_OK && i < r->nchecks; i++) {
        const ll_check_result *c = &r->checks[i];
        t = report_test(c->name, c->passed ? "pass" : ran ? "fail" : "error",
                        c->passed ? NULL : report_msg(c));
        if (t == NULL || json_array_append_new(tests, t) != 0) {
            err = LL_ENOMEM;
            break;
        }
        if (native && (json_object_set_new(t, "points", json_real(
                           c->passed ? c->points : 0)) != 0
                       || json_object_set_new(t, "max_points",
                                              json_real(c->points)) != 0
                       || json_object_set_new(t, "hidden",
                                              json_boolean(c->hidden)) != 0
                       || (report_measured(c)[0]
                           && report_set(t, "measured", report_measured(c)))
                       || (c->hint > 0 && !c->passed
                           && json_object_set_new(t, "hint",
                                                  json_integer(c->hint)))))
            err = LL_ENOMEM;
    }
    if (!err && native
        && json_object_set_new(o, "looplab", report_looplab(v)) != 0)
        err = LL_ENOMEM;
    if (!err && !native && r->output && r->output[0]
        && json_array_size(tests) > 0
        && json_object_set_new(json_array_get(tests, 0), "output",
                               report_exercism_output(r->output)) != 0)
        err = LL_ENOMEM;
    json_decref(tests);
    if (err) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static int
report_json(ll_buf *b, const report_view *v, size_t n, bool native)
{
    size_t i, flags = n == 1 ? JSON_INDENT(2) : JSON_COMPACT;
    int err = LL_OK;

    for (i = 0; err == LL_OK && i < n; i++)
        err = report_json_add(b, report_json1(&v[i], native), flags,
                              native ? v[i].s->student : NULL);
    return err;
}

/* {============================ entry ============================} */

int
ll_report_write(ll_buf *b, ll_report_format f, const ll_report_sub *subs,
                size_t n)
{
    report_view *v;
    int err = report_views_open(&v, subs, n);

    if (err != LL_OK)
        return err;
    switch (f) {
    case LL_REPORT_TEXT:     err = report_text(b, v, n); break;
    case LL_REPORT_JSON:     err = report_json(b, v, n, true); break;
    case LL_REPORT_EXERCISM: err = report_json(b, v, n, false); break;
    case LL_REPORT_JUNIT:    err = report_junit(b, v, n); break;
    case LL_REPORT_TAP:      err = report_tap(b, v, n); break;
    default:                 err = LL_EINVAL;
    }
    report_views_close(v, n);
    return err;
}

/* {===================== lossless result JSON =====================} */

char *
ll_report_result_to_json(const ll_result *r)
{
    json_t *o, *checks;
    char *s;
    size_t i;

    /* notice and python: "s*" leaves the key out when there is none */
    o = json_pack("{s:s, s:s, s:b, s:s, s:s, s:f, s:f, s:s?, s:s*, s:s*}",
                  "exercise", r->exercise ? r->exercise : "",
                  "verdict", ll_verdict_name(r->verdict),
                  "stopped", r->stopped,
                  "error", r->error ? r->error : "",
                  "output", r->output ? r->output : "",
                  "vtime", r->vtime, "wall", r->wall,
                  "trace_path", r->trace_path,
                  "notice", r->notice && *r->notice ? r->notice : NULL,
                  "python", r->python && *r->python ? r->python : NULL);
    checks = json_array();
    if (o == NULL || checks == NULL) {
        json_decref(o);
        json_decref(checks);
        return NULL;
    }
    json_object_set_new(o, "checks", checks);
    for (i = 0; i < r->nchecks; i++) {
        const ll_check_result *c = &r->checks[i];
        json_t *cj = json_pack("{s:s, s:s, s:s, s:f, s:b, s:b}", "name",
                               c->name, "message", c->message, "measured",
                               c->measured, "points", c->points, "passed",
                               c->passed, "hidden", c->hidden);
        /* "hint" only when set: results written before it read the same */
        if (cj != NULL && c->hint > 0 &&
            json_object_set_new(cj, "hint", json_integer(c->hint)) != 0) {
            json_decref(cj);
            cj = NULL;
        }
        if (json_array_append_new(checks, cj) != 0) {
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
    json_t *o, *checks, *c, *trace = NULL, *notice = NULL, *python = NULL;
    const char *ex = NULL, *verdict = NULL, *error = NULL, *output = NULL;
    double vtime = -1, wall = 0;
    int stopped = -1;
    bool ok = true;
    size_t i;

    ll_result_init(out);
    if (err)
        *err = NULL;
    o = json_loads(text, 0, &je);
    if (o == NULL || json_unpack_ex(o, &je, 0,
            "{s:s, s:s, s?b, s:s, s:s, s:F, s:F, s?o, s?o, s?o, s:o}",
            "exercise", &ex,
            "verdict", &verdict, "stopped", &stopped, "error", &error,
            "output", &output,
            "vtime", &vtime, "wall", &wall, "trace_path", &trace,
            "notice", &notice, "python", &python,
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
    out->notice = json_is_string(notice)
                ? ll_strdup(json_string_value(notice)) : NULL;
    out->python = json_is_string(python)
                ? ll_strdup(json_string_value(python)) : NULL;
    out->vtime = vtime;
    out->wall = wall;
    if (!out->exercise || !out->error || !out->output) {
        json_decref(o);
        return LL_ENOMEM;
    }
    json_array_foreach(checks, i, c) {
        const char *name, *msg, *meas;
        double pts;
        int passed, hidden, hint = 0;
        if (json_unpack_ex(c, &je, 0, "{s:s, s:s, s:s, s:F, s:b, s:b, s?i}",
                           "name", &name, "message", &msg, "measured",
                           &meas, "points", &pts, "passed", &passed,
                           "hidden", &hidden, "hint", &hint) != 0)
            goto bad;
        if (ll_result_add(out, name, pts, passed, hidden, msg, meas) != LL_OK) {
            json_decref(o);
            return LL_ENOMEM;
        }
        ll_result_set_hint(out, hint);
    }
    json_decref(o);
    /* Grades stored before "stopped" existed: every check "not run". */
    if (stopped < 0) {
        stopped = out->nchecks > 0;
        for (i = 0; i < out->nchecks; i++)
            if (out->checks[i].passed
                || strncmp(out->checks[i].message, "not run: ", 9) != 0)
                stopped = 0;
    }
    out->stopped = stopped != 0;
    return LL_OK;
bad:
    if (err)
        *err = ll_asprintf("not a looplab result: %s",
                           o == NULL || je.text[0] ? je.text : "bad field");
    json_decref(o);
    return LL_EINVAL;
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

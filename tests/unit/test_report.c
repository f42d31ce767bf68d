/* SPDX-License-Identifier: MIT
 * tests/unit/test_report.c -- the grade writers, the lossless result JSON,
 * the CSV guard, SHA-256 against FIPS 180-4 vectors, and the gradebook
 * tables of the store.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader/report.h"
#include "grader/sha256.h"
#include "store/store.h"

static void
sample(ll_result *r, ll_verdict v)
{
    ll_result_init(r);
    free(r->exercise);
    r->exercise = strdup("1.1a");
    free(r->output);
    r->output = strdup("page a\n<b> & \"c\"\x01\n");
    r->verdict = v;
    r->vtime = 3.0;
    r->wall = 0.25;
    assert_int_equal(ll_result_add(r, "prints # pages \\ in order", 1, true,
                                   false, "", ""), LL_OK);
    assert_int_equal(ll_result_add(r, "finishes in 3 s", 2, false, false,
                                   "took {6.0} s: 'gather' them", "6.0"),
                     LL_OK);
    assert_int_equal(ll_result_add(r, "secret", 1, false, true,
                                   "the hidden answer is 42", "42"), LL_OK);
}

static ll_report_sub
sub_of(const ll_result *r, const char *student)
{
    ll_report_sub s = { .student = student, .item = "1.1a",
                        .file = "downloads.py", .sandbox = "L1", .hash = "abc",
                        .graded_at = 1700000000, .r = r };
    return s;
}

static char *
render(ll_report_format f, const ll_report_sub *s, size_t n)
{
    ll_buf b;
    ll_buf_init(&b);
    assert_int_equal(ll_report_write(&b, f, s, n), LL_OK);
    return ll_buf_take(&b);
}

static void
test_formats_parse(void **state)
{
    ll_report_format f;
    (void)state;
    assert_int_equal(ll_report_parse_format("junit", &f), LL_OK);
    assert_int_equal(f, LL_REPORT_JUNIT);
    assert_string_equal(ll_report_file_name(f), "junit.xml");
    assert_int_equal(ll_report_parse_format("xml", &f), LL_EINVAL);
}

static void
test_text_and_hidden(void **state)
{
    ll_result r;
    ll_report_sub s;
    char *t;
    (void)state;
    sample(&r, LL_VERDICT_FAIL);
    s = sub_of(&r, "alice");
    t = render(LL_REPORT_TEXT, &s, 1);
    assert_non_null(strstr(t, "alice  1.1a  FAIL  1/3 checks  1/4 points"));
    assert_non_null(strstr(t, "FAIL finishes in 3 s: took {6.0} s"));
    assert_non_null(strstr(t, "FAIL secret: hidden check"));
    assert_null(strstr(t, "42"));           /* hidden details never leak */
    assert_non_null(strstr(t, "0 passed, 1 failed\n"));
    free(t);
    ll_result_close(&r);
}

static void
test_json_exercism_strict(void **state)
{
    ll_result r;
    ll_report_sub s;
    char *t;
    (void)state;
    sample(&r, LL_VERDICT_FAIL);
    s = sub_of(&r, NULL);
    t = render(LL_REPORT_EXERCISM, &s, 1);
    assert_non_null(strstr(t, "\"version\": 3"));
    assert_non_null(strstr(t, "\"status\": \"fail\""));
    assert_null(strstr(t, "\"message\": null")); /* only with "error" */
    assert_null(strstr(t, "looplab"));      /* strict subset: no extras */
    assert_null(strstr(t, "42"));
    free(t);
    t = render(LL_REPORT_JSON, &s, 1);
    assert_non_null(strstr(t, "\"schema\": \"looplab-results/1\""));
    assert_non_null(strstr(t, "\"max_points\": 2.0"));
    assert_non_null(strstr(t, "\"graded_at\": \"2023-11-14T22:13:20Z\""));
    assert_null(strstr(t, "the hidden answer"));
    free(t);
    ll_result_close(&r);
}

static void
test_run_error_becomes_error_test(void **state)
{
    ll_result r;
    ll_report_sub s;
    char *t;
    (void)state;
    sample(&r, LL_VERDICT_TLE);
    free(r.error);
    r.error = strdup("wall limit 10 s");
    s = sub_of(&r, "bob");
    t = render(LL_REPORT_JUNIT, &s, 1);
    assert_non_null(strstr(t, "<testcase classname=\"bob.1.1a\" name=\""
                               "program runs to completion\""));
    assert_non_null(strstr(t, "<error message=\"TLE: the program ran too "
                               "long\nwall limit 10 s\""));
    assert_non_null(strstr(t, "tests=\"4\" failures=\"2\" errors=\"1\""));
    /* Markup and forbidden control characters in output are escaped. */
    assert_non_null(strstr(t, "&lt;b&gt; &amp; &quot;c&quot;\n"));
    assert_null(strchr(t, '\x01'));
    free(t);
    t = render(LL_REPORT_TAP, &s, 1);
    {
        static const char head[] = "TAP version 13\n1..4\nnot ok 1 - "
                                   "program runs to completion\n";
        assert_true(strncmp(t, head, sizeof head - 1) == 0);
    }
    assert_non_null(strstr(t, "ok 2 - prints \\# pages \\\\ in order\n"));
    /* One-line double-quoted YAML: prove's YAMLish reader has no |-. */
    assert_non_null(strstr(t, "not ok 3 - finishes in 3 s\n  ---\n"
                              "  message: \"took {6.0} s: 'gather' them\"\n"
                              "  severity: fail\n  got: \"6.0\"\n  ...\n"));
    free(t);
    ll_result_close(&r);
}

static void
test_tap_subtests(void **state)
{
    ll_result a, b;
    ll_report_sub s[2];
    char *t;
    (void)state;
    sample(&a, LL_VERDICT_FAIL);
    ll_result_init(&b);
    free(b.exercise);
    b.exercise = strdup("1.1a");
    assert_int_equal(ll_result_add(&b, "x", 1, true, false, "", ""), LL_OK);
    s[0] = sub_of(&a, "ann");
    s[1] = sub_of(&b, "ben");
    t = render(LL_REPORT_TAP, s, 2);
    assert_non_null(strstr(t, "TAP version 13\n1..2\n# Subtest: ann\n    1..3\n"));
    assert_non_null(strstr(t, "\nnot ok 1 - ann\n"));
    assert_non_null(strstr(t, "# Subtest: ben\n    1..1\n    ok 1 - x\nok 2 - ben\n"));
    free(t);
    ll_result_close(&a);
    ll_result_close(&b);
}


/* A stopped run (no check ran): Exercism "error" with the one top-level
 * message; its declared checks say "error" too. A run whose checks ran
 * stays "fail", with the stop reason as a first "error" test. */
static void
test_exercism_error_when_stopped(void **state)
{
    ll_result r;
    ll_report_sub s;
    char *t;
    (void)state;
    sample(&r, LL_VERDICT_TLE);
    r.stopped = true;
    free(r.error);
    r.error = strdup("took longer than 10 seconds of real time");
    s = sub_of(&r, NULL);
    t = render(LL_REPORT_EXERCISM, &s, 1);
    assert_non_null(strstr(t, "\"status\": \"error\""));
    assert_non_null(strstr(t, "\"message\": \"TLE: the program ran too long\\n"
                              "took longer than 10 seconds"));
    assert_null(strstr(t, "\"status\": \"fail\""));
    free(t);
    r.stopped = false;
    r.verdict = LL_VERDICT_RE;
    t = render(LL_REPORT_EXERCISM, &s, 1);
    assert_non_null(strstr(t, "\"status\": \"fail\""));
    assert_null(strstr(t, "\n  \"message\""));    /* no top-level one */
    assert_non_null(strstr(t, "\"name\": \"program runs to completion\",\n"
                              "      \"status\": \"error\""));
    free(t);
    ll_result_close(&r);
}

/* A student without the file is in every format, counted in the plan and
 * the totals. */
static void
test_missing_in_every_format(void **state)
{
    ll_result a;
    ll_report_sub s[2];
    char *t;
    (void)state;
    sample(&a, LL_VERDICT_FAIL);
    s[0] = sub_of(&a, "ann");
    s[1] = sub_of(NULL, "bob");
    t = render(LL_REPORT_TAP, s, 2);
    assert_non_null(strstr(t, "\n1..2\n"));
    assert_non_null(strstr(t, "# Subtest: bob\n    1..1\n    not ok 1 - "
                              "program runs to completion\n"));
    assert_non_null(strstr(t, "\nnot ok 2 - bob\n  ---\n  message: "
                              "\"downloads.py is missing from bob's folder"));
    free(t);
    t = render(LL_REPORT_JUNIT, s, 2);
    assert_non_null(strstr(t, "<testsuites name=\"looplab\" tests=\"4\" "
                              "failures=\"2\" errors=\"1\""));
    assert_non_null(strstr(t, "<property name=\"verdict\" value=\"MISSING\"/>"));
    assert_null(strstr(t, "file=\""));     /* not in junit-10.xsd */
    assert_null(strstr(t, "testsuites name=\"looplab\" tests=\"4\" "
                          "failures=\"2\" errors=\"1\" skipped"));
    free(t);
    t = render(LL_REPORT_EXERCISM, s, 2);
    assert_non_null(strstr(t, "{\"version\":3,\"status\":\"error\",\"message\":"
                              "\"downloads.py is missing from bob's folder: "
                              "nothing was graded\",\"tests\":[]}\n"));
    free(t);
    t = render(LL_REPORT_JSON, s, 2);
    assert_non_null(strstr(t, "\"student\":\"bob\""));
    assert_non_null(strstr(t, "\"verdict\":\"MISSING\""));
    free(t);
    t = render(LL_REPORT_TEXT, s, 2);
    assert_non_null(strstr(t, "bob  1.1a  MISSING\n  ! downloads.py is missing"));
    assert_non_null(strstr(t, "0 passed, 2 failed\n"));
    free(t);
    ll_result_close(&a);
}

/* Not graded after Ctrl-C: skipped, still counted. */
static void
test_not_graded_is_skipped(void **state)
{
    ll_result a;
    ll_report_sub s[2];
    char *t;
    (void)state;
    sample(&a, LL_VERDICT_PASS);
    s[0] = sub_of(&a, "ann");
    s[1] = sub_of(NULL, "bob");
    s[1].skip = "the grading run was interrupted";
    t = render(LL_REPORT_TAP, s, 2);
    assert_non_null(strstr(t, "\n1..2\n"));
    assert_non_null(strstr(t, "# Subtest: bob\n    1..0 # SKIP not graded: "
                              "the grading run was interrupted\nok 2 - bob "
                              "# SKIP not graded: the grading run was "
                              "interrupted\n"));
    free(t);
    t = render(LL_REPORT_JUNIT, s, 2);
    assert_non_null(strstr(t, "errors=\"0\" skipped=\"1\""));
    assert_non_null(strstr(t, "<skipped message=\"not graded: the grading "
                              "run was interrupted\">"));
    assert_non_null(strstr(t, "value=\"NOT GRADED\""));
    free(t);
    t = render(LL_REPORT_EXERCISM, &s[1], 1);
    assert_non_null(strstr(t, "\"status\": \"error\""));
    free(t);
    t = render(LL_REPORT_TEXT, &s[1], 1);
    assert_non_null(strstr(t, "bob  1.1a  NOT GRADED\n"));
    free(t);
    ll_result_close(&a);
}

/* Reports go to students: no instructor paths in them. */
static void
test_paths_cut(void **state)
{
    ll_result r;
    ll_report_sub s;
    ll_report_format f;
    char *t;
    (void)state;
    sample(&r, LL_VERDICT_RE);
    free(r.error);
    r.error = strdup("Traceback (most recent call last):\n"
                     "  File \"/home/prof/class/ann/downloads.py\", line 2\n"
                     "  File \"/usr/lib/python3.11/asyncio/runners.py\", "
                     "line 9\nValueError: 1/2 and /x stay");
    s = sub_of(&r, "ann");
    s.path = "/home/prof/class/ann/downloads.py";
    for (f = LL_REPORT_TEXT; f <= LL_REPORT_TAP; f++) {
        t = render(f, &s, 1);
        assert_null(strstr(t, "/home/"));
        assert_null(strstr(t, "/usr/lib"));
        assert_non_null(strstr(t, "downloads.py"));
        assert_non_null(strstr(t, "runners.py"));
        assert_non_null(strstr(t, "1/2 and /x stay"));
        free(t);
    }
    ll_result_close(&r);
}

/* A folder name that is not UTF-8 keeps its identity: surrogateescape in
 * JSON, \xNN (and \\) elsewhere; the XML stays well-formed UTF-8. */
static void
test_name_not_utf8(void **state)
{
    ll_result r;
    ll_report_sub s;
    char *t, *e;
    (void)state;
    sample(&r, LL_VERDICT_PASS);
    s = sub_of(&r, "x\xE9y\\z\x01");
    e = ll_report_name_escape(s.student);
    assert_string_equal(e, "x\\xE9y\\\\z\\x01");
    free(e);
    e = ll_report_name_escape("caf\xC3\xA9");   /* UTF-8 stays as is */
    assert_string_equal(e, "caf\xC3\xA9");
    free(e);
    /* C1 controls (CSI U+009B) and bidi overrides (U+202E, U+2066) act on
     * the terminal or reorder the line: escaped byte by byte */
    e = ll_report_name_escape("a\xC2\x9B" "31mb\xE2\x80\xAE" "c\xE2\x81\xA6" "d\xC2\xA0");
    assert_string_equal(e, "a\\xC2\\x9B31mb\\xE2\\x80\\xAEc\\xE2\\x81\\xA6d\xC2\xA0");
    free(e);
    t = render(LL_REPORT_JSON, &s, 1);
    assert_non_null(strstr(t, "\"student\": \"x\\udce9y\\\\z\\u0001\""));
    free(t);
    t = render(LL_REPORT_JUNIT, &s, 1);
    assert_non_null(strstr(t, "<testsuite name=\"x\\xE9y\\\\z\\x01.1.1a\""));
    assert_null(strchr(t, '\xE9'));
    free(t);
    t = render(LL_REPORT_TAP, &s, 1);
    assert_null(strchr(t, '\xE9'));
    free(t);
    ll_result_close(&r);
}

static void
test_result_json_roundtrip(void **state)
{
    ll_result r, back;
    char *j, *j2, *err = NULL;
    (void)state;
    sample(&r, LL_VERDICT_RE);
    j = ll_report_result_to_json(&r);
    assert_non_null(j);
    assert_int_equal(ll_report_result_from_json(j, &back, &err), LL_OK);
    assert_int_equal(back.verdict, LL_VERDICT_RE);
    assert_int_equal(back.nchecks, 3);
    assert_true(back.checks[2].hidden);
    assert_string_equal(back.checks[2].message, "the hidden answer is 42");
    assert_string_equal(back.output, r.output);
    assert_false(back.stopped);
    j2 = ll_report_result_to_json(&back);
    assert_string_equal(j, j2);
    free(j2);
    ll_result_close(&back);
    /* "stopped" survives the trip; a grade stored before it existed is
     * stopped when every check says "not run". */
    r.stopped = true;
    j2 = ll_report_result_to_json(&r);
    assert_int_equal(ll_report_result_from_json(j2, &back, NULL), LL_OK);
    assert_true(back.stopped);
    free(j2);
    ll_result_close(&back);
    assert_int_equal(ll_report_result_from_json(
        "{\"exercise\":\"1.1a\",\"verdict\":\"TLE\",\"error\":\"\","
        "\"output\":\"\",\"vtime\":-1,\"wall\":10,\"checks\":[{\"name\":"
        "\"a\",\"message\":\"not run: the program ran too long (TLE); fix "
        "that first\",\"measured\":\"\",\"points\":1,\"passed\":false,"
        "\"hidden\":false}]}", &back, NULL), LL_OK);
    assert_true(back.stopped);
    ll_result_close(&back);
    assert_int_equal(ll_report_result_from_json("{\"verdict\":\"MAYBE\"}",
                                                &back, &err), LL_EINVAL);
    assert_non_null(err);
    free(err);
    ll_result_close(&back);
    assert_int_equal(ll_report_result_from_json("not json", &back, NULL),
                     LL_EINVAL);
    ll_result_close(&back);
    free(j);
    ll_result_close(&r);
}

/* Issue 15's extras: the notice (what to fix first), the interpreter
 * when it was not the default, and each check's hint survive the
 * lossless JSON, and the text and native JSON writers show them (the
 * notice before the checks); a result without them reads as before. */
static void
test_notice_python_hint(void **state)
{
    ll_result r, back;
    ll_report_sub s;
    char *j, *t;
    (void)state;
    sample(&r, LL_VERDICT_FAIL);
    r.checks[1].hint = 2;
    r.notice = strdup("coroutine 'fetch' was never awaited (line 12): call "
                      "it with `await fetch(...)`");
    r.python = strdup("3.12.1 (/opt/py/bin/python3)");
    j = ll_report_result_to_json(&r);
    assert_non_null(strstr(j, "\"hint\":2"));
    assert_int_equal(ll_report_result_from_json(j, &back, NULL), LL_OK);
    assert_int_equal(back.checks[0].hint, 0);
    assert_int_equal(back.checks[1].hint, 2);
    assert_string_equal(back.notice, r.notice);
    assert_string_equal(back.python, r.python);
    ll_result_close(&back);
    free(j);

    s = sub_of(&r, NULL);
    t = render(LL_REPORT_TEXT, &s, 1);
    assert_non_null(strstr(t, "  ! coroutine 'fetch' was never awaited "
                              "(line 12)"));
    assert_true(strstr(t, "never awaited") < strstr(t, "finishes in 3 s"));
    assert_non_null(strstr(t, "(ran on Python 3.12.1 (python3))"));
    free(t);
    t = render(LL_REPORT_JSON, &s, 1);
    assert_non_null(strstr(t, "\"notice\": \"coroutine 'fetch'"));
    assert_non_null(strstr(t, "\"hint\": 2"));
    free(t);
    ll_result_close(&r);

    sample(&r, LL_VERDICT_FAIL);               /* none of them */
    j = ll_report_result_to_json(&r);
    assert_null(strstr(j, "hint"));
    assert_null(strstr(j, "notice"));
    assert_int_equal(ll_report_result_from_json(j, &back, NULL), LL_OK);
    assert_null(back.notice);
    assert_null(back.python);
    ll_result_close(&back);
    free(j);
    ll_result_close(&r);
}

static void
test_csv_guard(void **state)
{
    static const char *const in[][2] = {
        { "alice", "alice" }, { "=1+1", "'=1+1" }, { "+x", "'+x" },
        { "-2", "'-2" }, { "@SUM(A1)", "'@SUM(A1)" }, { "a,b", "\"a,b\"" },
        { "say \"hi\"", "\"say \"\"hi\"\"\"" }, { "", "" },
        { "=a,b", "\"'=a,b\"" },
    };
    size_t i;
    (void)state;
    for (i = 0; i < LL_COUNTOF(in); i++) {
        ll_buf b;
        ll_buf_init(&b);
        assert_int_equal(ll_report_csv_field(&b, in[i][0], true), LL_OK);
        assert_string_equal(b.data ? b.data : "", in[i][1]);
        ll_buf_close(&b);
    }
}

static void
test_sha256_vectors(void **state)
{
    static const char *const abc =
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    static const char *const empty =
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static const char *const two_blocks =
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    static const char *const million_a =
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    ll_sha256 s;
    char hex[65], a[1000];
    int i;
    (void)state;
    ll_sha256_init(&s);
    ll_sha256_update(&s, "abc", 3);
    ll_sha256_hex(&s, hex);
    assert_string_equal(hex, abc);
    ll_sha256_init(&s);
    ll_sha256_hex(&s, hex);
    assert_string_equal(hex, empty);
    ll_sha256_init(&s);
    ll_sha256_update(&s, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                     56);
    ll_sha256_hex(&s, hex);
    assert_string_equal(hex, two_blocks);
    memset(a, 'a', sizeof a);
    ll_sha256_init(&s);
    for (i = 0; i < 1000; i++)
        ll_sha256_update(&s, a, sizeof a);
    ll_sha256_hex(&s, hex);
    assert_string_equal(hex, million_a);
}

static int
count_grades(const ll_grade *g, void *ud)
{
    int *n = ud;
    (*n)++;
    if (strcmp(g->student, "ann") == 0)
        assert_string_equal(g->verdict, "PASS");   /* the latest one */
    return 0;
}

static void
test_gradebook_store(void **state)
{
    char *dir = tu_tmpdir(), *path = NULL, *json = NULL, *err = NULL;
    ll_store *st = NULL;
    ll_result fail, pass, internal;
    int n = 0;
    (void)state;
    path = malloc(strlen(dir) + 16);
    snprintf(path, strlen(dir) + 16, "%s/gb.db", dir);
    assert_int_equal(ll_store_open(path, &st, &err), LL_OK);
    sample(&fail, LL_VERDICT_FAIL);
    ll_result_init(&pass);
    ll_result_init(&internal);
    internal.verdict = LL_VERDICT_INTERNAL;
    assert_int_equal(ll_store_grade_find(st, "ann", "1.1a", "h1", "c1", &json),
                     LL_ENOENT);
    assert_int_equal(ll_store_grade_put(st, "ann", "1.1a", "h1", "c1", &fail,
                                        "L1", "{\"a\":1}"), LL_OK);
    assert_int_equal(ll_store_grade_put(st, "ann", "1.1a", "h2", "c1", &pass,
                                        "L1", "{\"a\":2}"), LL_OK);
    assert_int_equal(ll_store_grade_put(st, "bob", "1.1a", "h1", "c1",
                                        &internal, "L1", "{}"), LL_EINVAL);
    assert_int_equal(ll_store_grade_find(st, "ann", "1.1a", "h1", "c1", &json),
                     LL_OK);
    assert_string_equal(json, "{\"a\":1}");
    free(json);
    /* Same submission, changed checks: not found, so it is regraded. */
    assert_int_equal(ll_store_grade_find(st, "ann", "1.1a", "h1", "c2", &json),
                     LL_ENOENT);
    assert_int_equal(ll_store_grade_each(st, NULL, count_grades, &n), LL_OK);
    assert_int_equal(n, 1);   /* latest per (item, student); bob has none */
    assert_int_equal(ll_store_integrity_check(st), LL_OK);
    ll_store_close(st);
    ll_result_close(&fail);
    ll_result_close(&pass);
    ll_result_close(&internal);
    tu_rmtree(dir);
    free(dir);
    free(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats_parse),
        cmocka_unit_test(test_text_and_hidden),
        cmocka_unit_test(test_json_exercism_strict),
        cmocka_unit_test(test_run_error_becomes_error_test),
        cmocka_unit_test(test_tap_subtests),
        cmocka_unit_test(test_exercism_error_when_stopped),
        cmocka_unit_test(test_missing_in_every_format),
        cmocka_unit_test(test_not_graded_is_skipped),
        cmocka_unit_test(test_paths_cut),
        cmocka_unit_test(test_name_not_utf8),
        cmocka_unit_test(test_result_json_roundtrip),
        cmocka_unit_test(test_notice_python_hint),
        cmocka_unit_test(test_csv_guard),
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_gradebook_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT
 * tests/unit/test_assess.c -- competencies from the store by rules as data:
 * each requirement kind, prefixes and missing items, first-try quiz
 * answers, named checks, recomputation when the rules file changes, and
 * rules files that are wrong (named by file and position).
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "course/assess.h"
#include "course/course.h"
#include "store/store.h"

typedef struct fx {
    char      *dir;
    ll_course *course;
    ll_store  *st;
    char      *rules;
} fx;

static void
fx_exercise(const char *root, const char *id)
{
    char p[512], text[512];
    snprintf(p, sizeof p, "%s/week9/01-x/exercises/%s/exercise.lua", root, id);
    snprintf(text, sizeof text, "return { id = \"%s\", title = \"t\", "
             "kind = \"lua\", file = \"m.lua\", hints = { \"h\", \"i\" } }\n",
             id);
    tu_write(p, text);
    snprintf(p, sizeof p, "%s/week9/01-x/exercises/%s/README.md", root, id);
    tu_write(p, "# x\n");
    snprintf(p, sizeof p, "%s/week9/01-x/exercises/%s/starter/m.lua", root, id);
    tu_write(p, "return {}\n");
    snprintf(p, sizeof p, "%s/week9/01-x/exercises/%s/checks.lua", root, id);
    tu_write(p, "return {}\n");
}

static int
setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    char p[512], *err = NULL;
    f->dir = tu_tmpdir();
    snprintf(p, sizeof p, "%s/course/week9/01-x/lesson.lua", f->dir);
    tu_write(p, "return { id = \"9.1\", title = \"x\", exercises = { "
                "\"exercises/9.1a\", \"exercises/9.1b\" }, quiz = \"quiz.lua\" }\n");
    snprintf(p, sizeof p, "%s/course/week9/01-x/quiz.lua", f->dir);
    tu_write(p, "local function q(k) return { kind = k, prompt = 'p', "
                "choices = { '1 s', '2 s' }, answer = 1, explain = 'e' } end\n"
                "return { q('mc'), q('pt'), q('pt') }\n");
    snprintf(p, sizeof p, "%s/course", f->dir);
    fx_exercise(p, "9.1a");
    fx_exercise(p, "9.1b");
    assert_int_equal(ll_course_load(p, &f->course, &err), LL_OK);
    snprintf(p, sizeof p, "%s/p.db", f->dir);
    assert_int_equal(ll_store_open(p, &f->st, NULL), LL_OK);
    f->rules = malloc(600);
    snprintf(f->rules, 600, "%s/rules.lua", f->dir);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    fx *f = *state;
    ll_store_close(f->st);
    ll_course_free(f->course);
    tu_rmtree(f->dir);
    free(f->dir);
    free(f->rules);
    free(f);
    return 0;
}

static void
attempt(ll_store *st, const char *ex, int npass, int nfail)
{
    ll_result r;
    int64_t id;
    int i;
    char name[32];
    assert_int_equal(ll_store_attempt_begin(st, ex, "h", &id), LL_OK);
    ll_result_init(&r);
    r.verdict = nfail ? LL_VERDICT_FAIL : LL_VERDICT_PASS;
    for (i = 0; i < npass + nfail; i++) {
        snprintf(name, sizeof name, "check %d", i + 1);
        assert_int_equal(ll_result_add(&r, name, 1, i < npass, false, "", ""),
                         LL_OK);
    }
    assert_int_equal(ll_store_attempt_finish(st, id, &r, "L1"), LL_OK);
    ll_result_close(&r);
}

static ll_assessment *
compute(fx *f, const char *rules)
{
    ll_assessment *a = NULL;
    char *err = NULL;
    tu_write(f->rules, rules);
    assert_int_equal(ll_assess_compute(f->course, f->st, f->rules, &a, &err),
                     LL_OK);
    assert_null(err);
    return a;
}

static const char rules_a[] =
    "return {\n"
    "  { id = 'c1', title = 'Checks', requires = {\n"
    "    { kind = 'checks', items = { '9.*' }, min = 0.5, label = 'half' },\n"
    "    { kind = 'pass', items = { '9.1a' }, label = 'a passes' } } },\n"
    "  { id = 'c2', title = 'Quiz', requires = {\n"
    "    { kind = 'quiz', items = { '9.1' }, kinds = { 'pt' }, first_try = true,\n"
    "      min = 0.5, label = 'pt first try' } } },\n"
    "  { id = 'c3', title = 'Named', requires = {\n"
    "    { kind = 'check', items = { '9.1b' }, names = { 'check 2' },\n"
    "      label = 'b check 2' } } },\n"
    "  { id = 'c4', title = 'Future', requires = {\n"
    "    { kind = 'pass', items = { '9.1a', 'p1' }, label = 'with p1' } } },\n"
    "}\n";

static void
test_nothing_done(void **state)
{
    fx *f = *state;
    ll_assessment *a = compute(f, rules_a);
    size_t i;
    assert_int_equal(a->ncomps, 4);
    for (i = 0; i < a->ncomps; i++) {
        assert_false(a->comps[i].mastered);
        assert_true(a->comps[i].progress < 1e-9);
    }
    assert_int_equal(a->comps[0].reqs[0].of, 2);       /* 9.* = two */
    assert_true(a->comps[0].reqs[0].available);
    assert_int_equal(a->comps[1].reqs[0].of, 2);       /* two pt questions */
    assert_false(a->comps[3].reqs[0].available);       /* p1 is missing */
    ll_assess_free(a);
    /* no store at all: same answers */
    {
        char *err = NULL;
        assert_int_equal(ll_assess_compute(f->course, NULL, f->rules, &a,
                                           &err), LL_OK);
        assert_false(a->comps[0].mastered);
        ll_assess_free(a);
    }
}

static void
test_each_requirement_kind(void **state)
{
    fx *f = *state;
    ll_assessment *a;

    attempt(f->st, "9.1a", 2, 2);      /* best 2/4 */
    attempt(f->st, "9.1a", 4, 0);      /* passes: best 4/4 */
    attempt(f->st, "9.1b", 1, 3);      /* check 1 only */
    assert_int_equal(ll_store_quiz_answer(f->st, "9.1", 1, "1", true), LL_OK);
    assert_int_equal(ll_store_quiz_answer(f->st, "9.1", 2, "2", false), LL_OK);
    assert_int_equal(ll_store_quiz_answer(f->st, "9.1", 2, "1", true), LL_OK);
    a = compute(f, rules_a);
    /* checks: mean(4/4, 1/4) = 0.625 >= 0.5; pass: 9.1a passed */
    assert_true(a->comps[0].reqs[0].value > 0.62 &&
                a->comps[0].reqs[0].value < 0.63);
    assert_true(a->comps[0].reqs[0].met);
    assert_true(a->comps[0].reqs[1].met);
    assert_true(a->comps[0].mastered);
    /* quiz: first try right on question 2 only: 1 of 2 = 0.5 */
    assert_int_equal(a->comps[1].reqs[0].have, 1);
    assert_true(a->comps[1].mastered);
    /* named check 2 of 9.1b never passed */
    assert_false(a->comps[2].mastered);
    attempt(f->st, "9.1b", 2, 2);
    ll_assess_free(a);
    a = compute(f, rules_a);
    assert_true(a->comps[2].mastered);
    /* a requirement naming missing content is never met */
    assert_false(a->comps[3].mastered);
    ll_assess_free(a);
}

/* An optional extra is left out of a prefix ("9.*"), so skipping it
 * costs no competency; named by its id, it counts. */
static void
test_optional_left_out_of_prefixes(void **state)
{
    fx *f = *state;
    ll_assessment *a;
    ll_exercise *b = (ll_exercise *)ll_course_exercise(f->course, "9.1b");

    b->optional = true;
    attempt(f->st, "9.1a", 4, 0);
    a = compute(f, rules_a);
    assert_int_equal(a->comps[0].reqs[0].of, 1);       /* 9.* = 9.1a only */
    assert_true(a->comps[0].reqs[0].value > 0.99);     /* not 4/4 and 0 */
    assert_true(a->comps[0].mastered);
    assert_int_equal(a->comps[2].reqs[0].of, 1);       /* named: counts */
    assert_true(a->comps[2].reqs[0].available);
    ll_assess_free(a);
}

static void
test_recomputed_when_rules_change(void **state)
{
    fx *f = *state;
    ll_assessment *a;
    attempt(f->st, "9.1a", 3, 1);
    a = compute(f, "return { { id = 'x', title = 'X', requires = {\n"
                   "  { kind = 'checks', items = { '9.1a' }, min = 0.7,\n"
                   "    label = 'l' } } } }\n");
    assert_true(a->comps[0].mastered);                  /* 0.75 >= 0.7 */
    ll_assess_free(a);
    a = compute(f, "return { { id = 'x', title = 'X', requires = {\n"
                   "  { kind = 'checks', items = { '9.1a' }, min = 0.8,\n"
                   "    label = 'l' } } } }\n");
    assert_false(a->comps[0].mastered);                 /* 0.75 < 0.8 */
    assert_true(a->comps[0].progress > 0.93 && a->comps[0].progress < 0.94);
    {
        char *json = ll_assess_json(a);
        assert_non_null(strstr(json, "\"id\":\"x\""));
        assert_non_null(strstr(json, "\"mastered\":false"));
        ll_free(json);
    }
    ll_assess_free(a);
}

static void
test_bad_rules_named(void **state)
{
    fx *f = *state;
    ll_assessment *a = NULL;
    char *err = NULL;
    tu_write(f->rules, "return { { id = 'x', title = 'X', requires = {\n"
                       "  { kind = 'sometimes', items = { 'a' }, label = 'l' }"
                       " } } }\n");
    assert_int_equal(ll_assess_compute(f->course, f->st, f->rules, &a, &err),
                     LL_ESYNTAX);
    assert_null(a);
    assert_non_null(strstr(err, "rules.lua: competency 1: requires[1]: kind "
                                "must be checks, pass, quiz or check"));
    ll_free(err);
    tu_write(f->rules, "return {\n  { id = 'x' title = 'X' } }\n");
    assert_int_equal(ll_assess_compute(f->course, f->st, f->rules, &a, &err),
                     LL_ESYNTAX);
    assert_non_null(strstr(err, "rules.lua:2:"));
    ll_free(err);
    assert_int_equal(ll_assess_compute(f->course, f->st, "/nonexistent.lua",
                                       &a, &err), LL_ENOENT);
    ll_free(err);
}

static void
test_shipped_rules_load(void **state)
{
    ll_assess_rules *r = NULL;
    char *err = NULL, path[512];
    (void)state;
    snprintf(path, sizeof path, "%s/lessons/competencies.lua", tu_srcdir());
    assert_int_equal(ll_assess_rules_load(path, &r, &err), LL_OK);
    assert_int_equal(r->ncomps, 4);
    assert_string_equal(r->comps[0].id, "async");
    ll_assess_rules_free(r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_nothing_done, setup, teardown),
        cmocka_unit_test_setup_teardown(test_each_requirement_kind, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_optional_left_out_of_prefixes,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_recomputed_when_rules_change,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_rules_named, setup, teardown),
        cmocka_unit_test(test_shipped_rules_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

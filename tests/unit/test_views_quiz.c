/* SPDX-License-Identifier: MIT
 * tests/unit/test_views_quiz.c -- golden screens of the quiz view:
 * answering, the summary, and a question taller than the screen.
 * The course, fake engine and golden files are views_fixture.h's.
 */
#include "views_fixture.h"

/* The model's strings are char * (the loader owns heap copies); here they
 * point at literals that are never written or freed. */
#pragma GCC diagnostic ignored "-Wdiscarded-qualifiers"

#include <locale.h>
#include <string.h>

static void
test_quiz(void **state)
{
    ll_app app;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, "quiz:1.1",
                                 80, 24), LL_OK);
    assert_int_equal(app.scr, LL_SCR_QUIZ);
    golden(&app, 80, 24, "quiz");
    APPLY(&app, LL_ACT_DIGIT1 + 8);     /* no 9th choice: ignored */
    assert_int_equal(app.chosen, -1);
    APPLY(&app, LL_ACT_DIGIT1);         /* wrong */
    golden(&app, 80, 24, "quiz_answered");
    APPLY(&app, LL_ACT_DIGIT1 + 1);     /* already answered: ignored */
    assert_int_equal(app.chosen, 0);
    APPLY(&app, LL_ACT_NEXT, LL_ACT_DIGIT1 + 1, LL_ACT_NEXT);
    assert_true(app.quiz_done);
    assert_int_equal(app.q_correct, 1);
    golden(&app, 80, 24, "quiz_done");
    APPLY(&app, LL_ACT_BACK, LL_ACT_BACK, LL_ACT_BACK);
    assert_int_equal(app.scr, LL_SCR_MAP);
    assert_int_equal(app.prog[0].quiz_answered, 2);
    ll_app_close(&app);
}

/* A retake shuffles the questions and the choices (the same order every
 * time for that take); answers are still judged and stored by the
 * course's indexes: the right choice, wherever it is shown, is right. */
static void
test_quiz_retake_shuffles(void **state)
{
    ll_app app;
    size_t seen_first[2] = { 0, 0 }, k;
    bool moved = false;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, "quiz:1.1",
                                 80, 24), LL_OK);
    assert_int_equal(app.q_shuffle, 0);           /* the first take: as written */
    assert_int_equal(ll_app_quiz_question(&app), 0);
    app.prog[0].quiz_answered = 2;                /* both answered before */
    for (unsigned seed = 1; seed < 40; seed++) {
        app.q_shuffle = seed;
        app.q = 0;
        seen_first[ll_app_quiz_question(&app)]++;
        for (k = 0; k < course.lessons[0].quiz[0].nchoices; k++)
            moved |= ll_app_quiz_choice(&app, 0, k) != k;
        /* a permutation: every choice exactly once */
        {
            size_t n = course.lessons[0].quiz[0].nchoices, sum = 0;
            for (k = 0; k < n; k++)
                sum += ll_app_quiz_choice(&app, 0, k);
            assert_int_equal(sum, n * (n - 1) / 2);
        }
    }
    assert_true(seen_first[0] > 0 && seen_first[1] > 0);
    assert_true(moved);
    /* entering the quiz again after a full take is a retake */
    APPLY(&app, LL_ACT_BACK);
    ll_app_close(&app);
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, "quiz:1.1",
                                 80, 24), LL_OK);
    app.prog[0].quiz_answered = 2;
    APPLY(&app, LL_ACT_BACK);                     /* to the lesson menu */
    APPLY(&app, LL_ACT_DIGIT1 + 3);               /* 4: the quiz */
    assert_int_equal(app.scr, LL_SCR_QUIZ);
    assert_true(app.q_shuffle != 0);
    /* answer every question with the position of its right choice */
    for (k = 0; k < 2; k++) {
        size_t qi = ll_app_quiz_question(&app), d;
        const ll_question *q = &course.lessons[0].quiz[qi];
        for (d = 0; ll_app_quiz_choice(&app, qi, d) != (size_t)q->answer; d++)
            ;
        APPLY(&app, LL_ACT_DIGIT1 + (int)d, LL_ACT_NEXT);
    }
    assert_true(app.quiz_done);
    assert_int_equal(app.q_correct, 2);
    ll_app_close(&app);
}

/* A question taller than 80x24 (a long snippet, a long choice) scrolls:
 * nothing is cut, j/k move it, answering brings the explanation in. */
static void
test_quiz_tall(void **state)
{
    static char c0[] = "10 s / 10 s / 10 s",
        c1[] = "Resizing 200 images with pure-Python pixel loops, one per "
               "thread, in a pool of eight threads on a machine with two cores",
        c2[] = "10 s / 1 s / 2 s";
    static char *choices[] = { c0, c1, c2 };
    ll_question tall = { .kind = LL_QUIZ_MC,
        .prompt = "How long do these take?",
        .code = "import asyncio\n\nasync def a():\n    pass\n\n"
                "async def b():\n    pass\n\nasync def c():\n    pass\n\n"
                "async def d():\n    pass\n\nasync def e():\n    pass\n\n"
                "async def sequential():\n    await a()\n",
        .lang = "python", .choices = choices, .nchoices = 3, .answer = 2,
        .explain = "The last function is the one the question is about." };
    ll_question *saved = lessons[0].quiz;
    size_t nsaved = lessons[0].nquiz;
    ll_screen *s = NULL;
    ll_app app;
    char *text;
    (void)state;
    lessons[0].quiz = &tall;
    lessons[0].nquiz = 1;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, "quiz:1.1",
                                 80, 24), LL_OK);
    assert_true(ll_view_quiz_rows(&app) > ll_view_quiz_visible(&app));
    assert_int_equal(ll_screen_new(80, 24, &s), LL_OK);
    ll_view_draw(&app, s);
    text = ll_screen_to_text(s);
    assert_non_null(strstr(text, "async def a()"));
    assert_null(strstr(text, "sequential"));       /* below the fold... */
    assert_non_null(strstr(text, "more"));          /* ...and it says so */
    assert_non_null(strstr(text, "j/k scroll"));
    ll_free(text);
    APPLY(&app, LL_ACT_BOTTOM);
    assert_int_equal(app.q_scroll,
                     ll_view_quiz_rows(&app) - ll_view_quiz_visible(&app));
    ll_view_draw(&app, s);
    text = ll_screen_to_text(s);
    assert_non_null(strstr(text, "async def sequential()"));
    assert_non_null(strstr(text, "pixel loops, one per thread"));
    assert_non_null(strstr(text, "machine with two cores"));   /* wrapped */
    assert_null(strstr(text, "async def a()"));
    ll_free(text);
    APPLY(&app, LL_ACT_TOP);
    assert_int_equal(app.q_scroll, 0);
    APPLY(&app, LL_ACT_UP);                          /* clamps at the top */
    assert_int_equal(app.q_scroll, 0);
    APPLY(&app, LL_ACT_DOWN);
    assert_int_equal(app.q_scroll, 1);
    APPLY(&app, LL_ACT_DIGIT1);                      /* wrong: explained */
    ll_view_draw(&app, s);
    text = ll_screen_to_text(s);
    assert_non_null(strstr(text, "Not quite."));
    assert_non_null(strstr(text, "The last function is the one"));
    assert_non_null(strstr(text, "your answer: wrong"));
    ll_free(text);
    ll_screen_free(s);
    ll_app_close(&app);
    lessons[0].quiz = saved;
    lessons[0].nquiz = nsaved;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quiz),
        cmocka_unit_test(test_quiz_tall),
        cmocka_unit_test(test_quiz_retake_shuffles),
    };
    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, views_setup, views_teardown);
}

/* SPDX-License-Identifier: MIT
 * tests/unit/test_views_lesson.c -- golden screens of the navigation
 * views: map, lesson reader (pages, help, table of contents, search),
 * menu, and the progress dashboard.
 * The course, fake engine and golden files are views_fixture.h's.
 */
#include "views_fixture.h"

#include <locale.h>
#include <string.h>

static void
test_map(void **state)
{
    ll_app app;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, NULL, 80,
                                 24), LL_OK);
    assert_int_equal(app.scr, LL_SCR_MAP);
    golden(&app, 80, 24, "map");
    APPLY(&app, LL_ACT_DOWN, LL_ACT_UP);
    assert_int_equal(app.map_sel, 0);
    /* Past the last lesson, down scrolls on to the weeks to come (the
     * fixture has weeks 1-2: weeks 3-6 are 4 x (blank, heading, coming)
     * = 12 rows), and no further; up first brings the focus back. */
    APPLY(&app, LL_ACT_DOWN, LL_ACT_DOWN);
    assert_int_equal(app.map_sel, 2);
    assert_int_equal(app.map_more, 0);
    for (int i = 0; i < 20; i++)
        APPLY(&app, LL_ACT_DOWN);
    assert_int_equal(app.map_sel, 2);
    assert_int_equal(app.map_more, 12);
    golden(&app, 80, 24, "map_weeks_to_come");
    APPLY(&app, LL_ACT_UP);
    assert_int_equal(app.map_more, 0);
    assert_int_equal(app.map_sel, 2);
    APPLY(&app, LL_ACT_UP);
    assert_int_equal(app.map_sel, 1);
    APPLY(&app, LL_ACT_BOTTOM);
    assert_int_equal(app.map_more, 12);
    APPLY(&app, LL_ACT_TOP);
    assert_int_equal(app.map_sel, 0);
    assert_int_equal(app.map_more, 0);
    ll_app_close(&app);
}

/* n on the map goes where its "Next:" line points: the first page not
 * read, then the first exercise not passed, then the quiz. */
static void
test_map_next_key(void **state)
{
    ll_app app;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, NULL, 80,
                                 24), LL_OK);
    ll_app_key(&app, 'n');
    assert_int_equal(app.scr, LL_SCR_LESSON);
    assert_ptr_equal(app.lesson, &course.lessons[0]);
    assert_int_equal(app.page, 0);
    APPLY(&app, LL_ACT_BACK);
    assert_int_equal(app.scr, LL_SCR_MAP);
    app.prog[0].pages_seen = 1;          /* page 1 read: page 2 is next */
    ll_app_key(&app, 'n');
    assert_int_equal(app.scr, LL_SCR_LESSON);
    assert_int_equal(app.page, 1);
    APPLY(&app, LL_ACT_BACK);
    app.prog[0].pages_seen = 2;          /* pages done: the exercise */
    ll_app_key(&app, 'n');
    assert_int_equal(app.scr, LL_SCR_EXERCISE);
    assert_ptr_equal(app.ex, &course.lessons[0].exercises[0]);
    APPLY(&app, LL_ACT_BACK, LL_ACT_BACK, LL_ACT_BACK);
    assert_int_equal(app.scr, LL_SCR_MAP);
    app.prog[0].ex_passed = 1;           /* exercise passed: the quiz */
    ll_app_key(&app, 'n');
    assert_int_equal(app.scr, LL_SCR_QUIZ);
    ll_app_close(&app);
}

static void
test_too_small(void **state)
{
    ll_app app;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, NULL, 60,
                                 20), LL_OK);
    golden(&app, 60, 20, "small");
    /* Only q/Q act while too small; the state is kept for later. */
    APPLY(&app, LL_ACT_OPEN);
    assert_int_equal(app.scr, LL_SCR_MAP);
    ll_app_resize(&app, 80, 24);
    APPLY(&app, LL_ACT_OPEN);
    assert_int_equal(app.scr, LL_SCR_LESSON);
    ll_app_close(&app);
}

static void
test_lesson_pages(void **state)
{
    ll_app app;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, NULL, 80,
                                 24), LL_OK);
    APPLY(&app, LL_ACT_OPEN);
    assert_int_equal(app.scr, LL_SCR_LESSON);
    assert_int_equal(app.page, 0);
    golden(&app, 80, 24, "lesson");
    APPLY(&app, LL_ACT_PGDN);
    golden(&app, 80, 24, "lesson_scrolled");
    APPLY(&app, LL_ACT_HELP);
    golden(&app, 80, 24, "help");
    APPLY(&app, LL_ACT_DOWN);           /* any key closes help */
    assert_false(app.help);
    /* even a key bound to nothing (the box says "any key closes") */
    APPLY(&app, LL_ACT_HELP);
    ll_app_key(&app, 'Z');
    assert_false(app.help);
    assert_int_equal(app.scr, LL_SCR_LESSON);
    APPLY(&app, LL_ACT_HELP);
    ll_app_key(&app, LL_KEY_F1 + 1000);   /* a key code nobody binds */
    assert_false(app.help);
    /* i in help: how looplab works (the first-run orientation) */
    APPLY(&app, LL_ACT_HELP);
    ll_app_key(&app, 'i');
    assert_false(app.help);
    assert_true(app.intro);
    golden(&app, 80, 24, "intro");
    ll_app_key(&app, 'j');                /* any key closes it, and only */
    assert_false(app.intro);
    assert_int_equal(app.scr, LL_SCR_LESSON);
    APPLY(&app, LL_ACT_NEXT);
    assert_int_equal(app.page, 1);
    assert_int_equal(app.prog[0].pages_seen, 2);
    APPLY(&app, LL_ACT_PREV, LL_ACT_NEXT, LL_ACT_NEXT);
    assert_int_equal(app.scr, LL_SCR_MENU);
    golden(&app, 80, 24, "menu");
    APPLY(&app, LL_ACT_BACK);           /* menu -> page -> map */
    assert_int_equal(app.scr, LL_SCR_LESSON);
    APPLY(&app, LL_ACT_BACK);
    assert_int_equal(app.scr, LL_SCR_MAP);
    APPLY(&app, LL_ACT_BACK);
    assert_int_equal(app.effect, LL_EFFECT_QUIT);
    ll_app_close(&app);
}

static void
test_walk_and_wide_map(void **state)
{
    ll_app app;
    (void)state;
    /* The tmux walk: open 1.1, page through, demo, exercise, check. */
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, NULL, 120,
                                 40), LL_OK);
    APPLY(&app, LL_ACT_OPEN, LL_ACT_NEXT, LL_ACT_NEXT);
    assert_int_equal(app.scr, LL_SCR_MENU);
    APPLY(&app, LL_ACT_DIGIT1 + 1);     /* 2: the demo */
    assert_int_equal(app.scr, LL_SCR_DEMO);
    APPLY(&app, LL_ACT_BACK, LL_ACT_DIGIT1 + 2);   /* 3: the exercise */
    assert_int_equal(app.scr, LL_SCR_EXERCISE);
    APPLY(&app, LL_ACT_CHECK, LL_ACT_BACK);
    golden(&app, 80, 24, "menu_after");
    {
        /* A quiz taken with 1 of 2 right is marked started (◐), not ✓. */
        ll_screen *scr = NULL;
        char *t;
        app.prog[0].quiz_answered = 2;
        app.prog[0].quiz_correct = 1;
        assert_int_equal(ll_screen_new(80, 24, &scr), LL_OK);
        ll_view_draw(&app, scr);
        t = ll_screen_to_text(scr);
        assert_non_null(strstr(t, "◐ 1/2 right"));
        ll_free(t);
        app.prog[0].quiz_correct = 2;
        ll_view_draw(&app, scr);
        t = ll_screen_to_text(scr);
        assert_non_null(strstr(t, "✓ 2/2 right"));
        ll_free(t);
        ll_screen_free(scr);
        app.prog[0].quiz_answered = app.prog[0].quiz_correct = 0;
    }
    APPLY(&app, LL_ACT_BACK, LL_ACT_BACK);
    assert_int_equal(app.scr, LL_SCR_MAP);
    APPLY(&app, LL_ACT_DOWN);
    golden(&app, 120, 40, "map_walked");
    ll_app_close(&app);
}

/* An optional exercise (issue 15): the wide map says "+1 optional" and
 * leaves it out of "ex N/M" and of the lesson being done; the lesson menu
 * and the exercise's header mark it. */
static void
test_optional_exercise_marked(void **state)
{
    ll_app app;
    ll_screen *scr = NULL;
    char *t;
    (void)state;
    course.lessons[0].exercises[0].optional = true;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, NULL, 120,
                                 40), LL_OK);
    assert_int_equal(ll_screen_new(120, 40, &scr), LL_OK);
    ll_view_draw(&app, scr);
    t = ll_screen_to_text(scr);
    if (strstr(t, "+1 optional") == NULL || strstr(t, "ex 0/1") != NULL)
        fail_msg("the map does not set the optional one apart:\n%s", t);
    ll_free(t);
    APPLY(&app, LL_ACT_OPEN, LL_ACT_NEXT, LL_ACT_NEXT);
    assert_int_equal(app.scr, LL_SCR_MENU);
    ll_view_draw(&app, scr);
    t = ll_screen_to_text(scr);
    if (strstr(t, "1.1a Fetch three pages at once (optional)") == NULL)
        fail_msg("the menu does not mark it:\n%s", t);
    ll_free(t);
    APPLY(&app, LL_ACT_DIGIT1 + 2);
    assert_int_equal(app.scr, LL_SCR_EXERCISE);
    ll_view_draw(&app, scr);
    t = ll_screen_to_text(scr);
    if (strstr(t, "python, optional") == NULL)
        fail_msg("the exercise header does not mark it:\n%s", t);
    ll_free(t);
    ll_screen_free(scr);
    ll_app_close(&app);
    course.lessons[0].exercises[0].optional = false;
}

/* Page down never stops between a heading and its underline: from every
 * scroll position, the line above the new top is not a heading whose rule
 * would start the screen. */
static void
test_pgdn_keeps_heading_with_rule(void **state)
{
    ll_app app;
    int max, s0, adjusted = 0;
    (void)state;
    ll_buf md;
    ll_md_opts mo = { 70, false };
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, NULL, 80,
                                 24), LL_OK);
    APPLY(&app, LL_ACT_OPEN);
    assert_int_equal(app.scr, LL_SCR_LESSON);
    /* a long page with headings at every distance from a page step */
    ll_buf_init(&md);
    for (int k = 0; k < 12; k++) {
        ll_buf_printf(&md, "## Part %d\n\n", k);
        for (int j = 0; j <= k % 5; j++)
            ll_buf_printf(&md, "Line %d of part %d.\n\n", j, k);
    }
    ll_md_doc_close(&app.doc);
    assert_int_equal(ll_md_render(md.data, md.len, &mo, &app.doc), LL_OK);
    ll_buf_close(&md);
    max = (int)app.doc.nlines;
    for (s0 = 0; s0 < max; s0++) {
        int want;
        app.scroll = s0;
        want = s0 + (app.h - 4) - 2;
        APPLY(&app, LL_ACT_PGDN);
        if (app.scr != LL_SCR_LESSON)
            break;                     /* turned the page at the bottom */
        if (app.scroll > 0 && (size_t)app.scroll < app.doc.nlines)
            assert_false(app.doc.lines[app.scroll - 1].head != 0 &&
                         app.doc.lines[app.scroll].head == 0);
        adjusted += app.scroll == want - 1;
    }
    assert_true(adjusted > 0);         /* the fixture has such a spot */
    ll_app_close(&app);
}

static void
test_lesson_toc_search(void **state)
{
    ll_app app;
    int first;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, "1.1", 80,
                                 24), LL_OK);
    assert_true(app.ntoc >= 2);
    assert_int_equal(app.toc[0].level, 1);
    assert_string_equal(app.toc[0].text, "Where the time goes");
    APPLY(&app, LL_ACT_TOC);
    assert_true(app.toc_open);
    assert_int_equal(ll_app_keyctx(&app), LL_CTX_TOC);
    APPLY(&app, LL_ACT_DOWN);
    golden(&app, 80, 24, "lesson_toc");
    APPLY(&app, LL_ACT_BOTTOM, LL_ACT_OPEN);
    assert_false(app.toc_open);
    assert_true(app.scroll > 0);
    APPLY(&app, LL_ACT_TOP);
    /* Search: typed at the prompt, case-insensitive, n/N wrap around. */
    ll_app_key(&app, '/');
    assert_true(app.typing);
    ll_app_key(&app, 'C');
    ll_app_key(&app, 'L');
    ll_app_key(&app, 'x');
    ll_app_key(&app, LL_KEY_BACKSPACE);
    ll_app_key(&app, 'O');
    ll_app_key(&app, LL_KEY_ENTER);
    assert_false(app.typing);
    assert_string_equal(app.search, "CLO");
    assert_true(app.nmatches >= 2);
    first = app.match_line;
    assert_true(first >= 0);
    assert_true(ll_app_match(app.doc.lines[first].text, "clo") >= 0);
    golden(&app, 80, 24, "lesson_search");
    ll_app_key(&app, 'n');
    assert_true(app.match_line > first);
    ll_app_key(&app, 'N');
    assert_int_equal(app.match_line, first);
    ll_app_key(&app, 'N');          /* wraps to the last match */
    assert_true(app.match_line > first);
    ll_app_key(&app, 'q');          /* q first clears the search ... */
    assert_string_equal(app.search, "");
    assert_int_equal(app.scr, LL_SCR_LESSON);
    ll_app_key(&app, 'n');          /* ... then n turns the page again */
    assert_int_equal(app.page, 1);
    ll_app_key(&app, '/');
    ll_app_key(&app, 'z');
    ll_app_key(&app, 'q');
    ll_app_key(&app, LL_KEY_ENTER);
    assert_int_equal(app.match_line, -1);
    assert_non_null(strstr(app.status, "Not found"));
    ll_app_close(&app);
}

/* A code line wider than the page wraps onto rows marked ↪ (nothing is
 * cut), and search finds text on a continuation row and across a wrap,
 * once per source line. */
static void
test_lesson_code_wraps(void **state)
{
    ll_app app;
    const char *words[] = { "return_exceptions=True", "example.org/c" };
    size_t i;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, "2.1", 80,
                                 24), LL_OK);
    for (i = 0; i < app.doc.nlines; i++)
        assert_null(strstr(app.doc.lines[i].text, "…"));
    for (i = 0; i < LL_COUNTOF(words); i++) {
        if (i > 0)
            ll_app_key(&app, 'q');      /* clears the search */
        ll_app_key(&app, '/');
        for (const char *p = words[i]; *p; p++)
            ll_app_key(&app, (unsigned char)*p);
        ll_app_key(&app, LL_KEY_ENTER);
        assert_int_equal(app.nmatches, 1);
        assert_true(app.match_line >= 0);
        assert_non_null(strstr(app.doc.lines[app.match_line].src, words[i]));
    }
    golden(&app, 80, 24, "lesson_code_wrap");
    ll_app_close(&app);
}

/* Course-wide search from the map (/), a hit opened where it is; the
 * glossary from a page (d: the terms on the screen), the whole glossary
 * (d again), an entry's lesson (Enter). */
static void
test_search_and_glossary(void **state)
{
    ll_app app;
    const char *q = "waits overlap";
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, NULL, 80,
                                 24), LL_OK);
    app.intro = false;
    ll_app_key(&app, '/');
    assert_true(app.typing);
    for (const char *p = q; *p; p++)
        ll_app_key(&app, (unsigned char)*p);
    ll_app_key(&app, LL_KEY_ENTER);
    assert_int_equal(app.scr, LL_SCR_FIND);
    assert_false(app.gloss);
    /* the glossary's I/O-bound entry first, then page 1.1/1 (twice) */
    assert_true(app.nhits >= 3);
    assert_int_equal(app.hits[0].kind, LL_HIT_GLOSSARY);
    assert_int_equal(app.hits[1].kind, LL_HIT_PAGE);
    ll_app_key(&app, 'j');
    golden(&app, 80, 24, "search");
    ll_app_key(&app, LL_KEY_ENTER);
    assert_int_equal(app.scr, LL_SCR_LESSON);
    assert_string_equal(app.lesson->id, "1.1");
    assert_string_equal(app.search, "overlap");  /* the longest word */
    assert_true(app.match_line >= 0);
    /* q clears the page's search, q again goes back to the map */
    ll_app_key(&app, 'q');
    /* the glossary: the terms on this screen of the page */
    ll_app_key(&app, 'd');
    assert_int_equal(app.scr, LL_SCR_FIND);
    assert_true(app.gloss && app.gloss_here);
    assert_int_equal(app.ngl, 3);        /* CPU-bound, I/O-bound, wall time */
    golden(&app, 80, 24, "glossary");
    ll_app_key(&app, 'q');
    assert_int_equal(app.scr, LL_SCR_LESSON);
    ll_app_key(&app, 'd');
    ll_app_key(&app, 'd');               /* the whole glossary */
    assert_false(app.gloss_here);
    assert_int_equal(app.ngl, 4);
    ll_app_key(&app, 'j');               /* event loop: taught in 1.2 */
    ll_app_key(&app, LL_KEY_ENTER);
    assert_int_equal(app.scr, LL_SCR_LESSON);
    assert_string_equal(app.lesson->id, "1.2");
    assert_string_equal(app.search, "event loop");
    /* reachable from help too */
    ll_app_key(&app, '?');
    ll_app_key(&app, 'd');
    assert_int_equal(app.scr, LL_SCR_FIND);
    ll_app_close(&app);
}

static void
test_progress_dashboard(void **state)
{
    ll_app app;
    (void)state;
    fake_clock = 1.7e9;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, NULL, 80,
                                 24), LL_OK);
    /* Time spent: 90 s on 1.1, then a 2-hour gap counts 5 minutes. */
    ll_app_key(&app, LL_KEY_ENTER);
    fake_clock += 90;
    ll_app_key(&app, 'j');
    fake_clock += 7200;
    ll_app_key(&app, 'j');
    assert_true(app.prog[0].seconds == 390.0);
    assert_true(app.prog[0].last == fake_clock);
    ll_app_key(&app, 'q');                 /* back to the map */
    fake_clock += 1000;                    /* map time is nobody's */
    ll_app_key(&app, 'p');
    assert_int_equal(app.scr, LL_SCR_PROGRESS);
    assert_true(app.prog[0].seconds == 390.0);
    assert_int_equal(app.nexrows, 1);
    golden(&app, 80, 24, "progress");
    ll_app_key(&app, 'G');
    assert_true(app.prog_scroll > 0);
    golden_one(&app, 80, 24, "progress_bottom");
    ll_app_key(&app, 'q');
    assert_int_equal(app.scr, LL_SCR_MAP);
    ll_app_close(&app);
    fake_clock = 1.7e9;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map),
        cmocka_unit_test(test_too_small),
        cmocka_unit_test(test_lesson_pages),
        cmocka_unit_test(test_walk_and_wide_map),
        cmocka_unit_test(test_optional_exercise_marked),
        cmocka_unit_test(test_lesson_toc_search),
        cmocka_unit_test(test_lesson_code_wraps),
        cmocka_unit_test(test_search_and_glossary),
        cmocka_unit_test(test_progress_dashboard),
        cmocka_unit_test(test_map_next_key),
        cmocka_unit_test(test_pgdn_keeps_heading_with_rule),
    };
    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, views_setup, views_teardown);
}

/* SPDX-License-Identifier: MIT
 * app/tui/view_quiz.c -- one quiz question at a time, and the score.
 *
 * The prompt and its code snippet are laid out with the Markdown renderer
 * (the snippet as a fenced block in its language), then the numbered
 * choices. Once answered, the chosen and the right choice get ✓/✗ and a
 * word, and the explanation follows. After the last question: the score.
 */
#include "view.h"

#include <stdio.h>
#include <string.h>

#define QUIZ_TOP 2

/* Rows between the header and the "more" row above the footer. */
static int
quiz_rows_visible(int h)
{
    return h - 3 - QUIZ_TOP;
}

/* Draw text wrapped at w from virtual row vy of a column scrolled by
 * scroll, showing rows [scroll, scroll + rows) at screen row top. s NULL:
 * only count. Returns the rows the text takes. */
static int
quiz_wrap(ll_screen *s, int x, int top, int rows, int scroll, int vy, int w,
          const char *text, ll_style st)
{
    int first = vy > scroll ? vy : scroll;
    int room = scroll + rows - first;
    if (s == NULL || room <= 0)
        return ll_view_wrap(NULL, 0, 0, w, 0, 0, text, st);
    return ll_view_wrap(s, x, top + first - scroll, w, first - vy, room, text,
                        st);
}

/* The question as one column that scrolls (a snippet can be taller than
 * the screen): prompt and snippet, the choices wrapped (never cut), then
 * the verdict and the explanation. s NULL: only measure. Returns the
 * column's height in rows. */
static int
quiz_body(const ll_app *app, ll_screen *s, int top, int rows, int scroll)
{
    size_t qi = ll_app_quiz_question(app);
    const ll_question *q = &app->lesson->quiz[qi];
    int x = ll_view_margin(app), w = ll_app_text_width(app->w), vy = 0;
    ll_md_opts mo = { w, false };
    ll_md_doc doc;
    ll_buf md;
    size_t i;
    char line[512];

#define QUIZ_VISIBLE(r) (s != NULL && (r) >= scroll && (r) < scroll + rows)
    ll_buf_init(&md);
    ll_buf_adds(&md, q->prompt ? q->prompt : "");
    if (q->code && *q->code)
        ll_buf_printf(&md, "\n\n```%s\n%s\n```\n", q->lang ? q->lang : "",
                      q->code);
    if (md.data != NULL && ll_md_render(md.data, md.len, &mo, &doc) == LL_OK) {
        for (i = 0; i < doc.nlines; i++, vy++)
            if (QUIZ_VISIBLE(vy))
                ll_md_draw(&doc, i, s, x, top + vy - scroll, w, 1);
        vy++;
        ll_md_doc_close(&doc);
    }
    ll_buf_close(&md);

    for (size_t d = 0; d < q->nchoices; d++) {
        /* position d on screen shows the course's choice i (a retake
         * shuffles them) */
        bool chosen, right_one;
        i = ll_app_quiz_choice(app, qi, d);
        chosen = app->chosen == (int)i;
        right_one = q->answer == (int)i;
        bool mark = app->chosen >= 0 && (chosen || right_one);
        ll_style st = mark ? LL_STYLE(LL_ATTR_BOLD, right_one ? LL_ROLE_OK
                                                              : LL_ROLE_FAIL)
                           : LL_PLAIN;
        if (mark && QUIZ_VISIBLE(vy))
            ll_screen_put(s, x, top + vy - scroll, ll_view_glyph(app,
                          right_one ? LL_G_OK : LL_G_FAIL), st);
        if (QUIZ_VISIBLE(vy))
            ll_screen_printf(s, x + 2, top + vy - scroll,
                             LL_STYLE(LL_ATTR_BOLD, 0), "%zu)", d + 1);
        snprintf(line, sizeof line, "%s%s", q->choices[i], !mark ? ""
                 : right_one ? (chosen ? "  ← your answer: right"
                                       : "  ← the right answer")
                             : "  ← your answer: wrong");
        vy += quiz_wrap(s, x + 6, top, rows, scroll, vy, w - 6, line, st);
    }
    if (app->chosen >= 0) {
        bool right_ans = app->chosen == q->answer;
        vy++;
        if (QUIZ_VISIBLE(vy))
            ll_screen_put(s, x, top + vy - scroll,
                          right_ans ? "Right." : "Not quite.",
                          LL_STYLE(LL_ATTR_BOLD, right_ans ? LL_ROLE_OK
                                                           : LL_ROLE_FAIL));
        vy++;
        if (q->explain)
            vy += quiz_wrap(s, x, top, rows, scroll, vy, w, q->explain,
                            LL_PLAIN);
    }
#undef QUIZ_VISIBLE
    return vy;
}

/* After the score: each question missed this take, with the answer
 * given, the right one and the explanation, so the student can learn
 * from it there and then. s NULL: only measure. */
static int
quiz_review(const ll_app *app, ll_screen *s, int top, int rows, int scroll)
{
    const ll_lesson *l = app->lesson;
    int x = ll_view_margin(app), w = ll_app_text_width(app->w), vy = 0;
    const ll_style head = LL_STYLE(LL_ATTR_BOLD, LL_ROLE_HEADING);
    char line[512];
    size_t i;

    snprintf(line, sizeof line, "%s %d of %d right this time.",
             ll_view_glyph(app, app->q_correct == app->q_answered
                                    ? LL_G_OK : LL_G_STARTED),
             app->q_correct, app->q_answered);
    vy += quiz_wrap(s, x, top, rows, scroll, vy, w, line,
                    LL_STYLE(LL_ATTR_BOLD, app->q_correct == app->q_answered
                                           ? LL_ROLE_OK : LL_ROLE_ACCENT));
    if (app->q_correct == app->q_answered)
        return vy;
    vy++;
    vy += quiz_wrap(s, x, top, rows, scroll, vy, w,
                    "To review, the ones you missed:", head);
    for (i = 0; i < l->nquiz && i < LL_COUNTOF(app->q_choice); i++) {
        const ll_question *q = &l->quiz[i];
        int c = app->q_choice[i];
        if (c < 0 || c == q->answer)
            continue;
        vy++;
        snprintf(line, sizeof line, "Question %zu. %s", i + 1,
                 q->prompt ? q->prompt : "");
        vy += quiz_wrap(s, x, top, rows, scroll, vy, w, line,
                        LL_STYLE(LL_ATTR_BOLD, 0));
        snprintf(line, sizeof line, "%s your answer: %s",
                 ll_view_glyph(app, LL_G_FAIL), q->choices[c]);
        vy += quiz_wrap(s, x + 2, top, rows, scroll, vy, w - 2, line,
                        LL_STYLE(0, LL_ROLE_FAIL));
        snprintf(line, sizeof line, "%s the right answer: %s",
                 ll_view_glyph(app, LL_G_OK), q->choices[q->answer]);
        vy += quiz_wrap(s, x + 2, top, rows, scroll, vy, w - 2, line,
                        LL_STYLE(0, LL_ROLE_OK));
        if (q->explain && *q->explain)
            vy += quiz_wrap(s, x + 2, top, rows, scroll, vy, w - 2,
                            q->explain, LL_PLAIN);
    }
    return vy;
}

int
ll_view_quiz_rows(const ll_app *app)
{
    if (app->lesson == NULL)
        return 0;
    if (app->quiz_done)
        return quiz_review(app, NULL, QUIZ_TOP + 2,
                           quiz_rows_visible(app->h) - 2, 0) + 2;
    if (app->q >= app->lesson->nquiz)
        return 0;
    return quiz_body(app, NULL, QUIZ_TOP, quiz_rows_visible(app->h), 0);
}

int
ll_view_quiz_visible(const ll_app *app)
{
    return quiz_rows_visible(app->h);
}

void
ll_view_quiz_draw(const ll_app *app, ll_screen *s)
{
    const ll_lesson *l = app->lesson;
    const ll_question *q;
    const ll_style dim = LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE);
    char left[160], right[48], line[256];
    int x = ll_view_margin(app), y = QUIZ_TOP;
    int rows = quiz_rows_visible(s->h), total;

    snprintf(left, sizeof left, "looplab %s %s %s quiz",
             ll_view_glyph(app, LL_G_SEP), l->id, l->title);
    if (app->quiz_done) {
        ll_view_header(app, s, left, "done");
        ll_screen_put(s, x, y, "Quiz done", LL_STYLE(LL_ATTR_BOLD,
                                                     LL_ROLE_HEADING));
        total = quiz_review(app, s, y + 2, rows - 2, app->q_scroll);
        if (app->q_scroll + rows - 2 < total)
            ll_screen_printf(s, s->w - 12, s->h - 3, dim, "%s more",
                             app->ascii ? "v" : "↓");
        ll_view_footer(app, s, total > rows - 2 ? "j/k scroll  q back  ? help"
                                                : "q back  ? help",
                       "Your answers are saved. q: back to the lesson menu.");
        ll_screen_cursor(s, x, y + 2);
        (void)line;
        return;
    }
    q = &l->quiz[ll_app_quiz_question(app)];
    snprintf(right, sizeof right, "question %zu/%zu %s %s", app->q + 1,
             l->nquiz, ll_view_glyph(app, LL_G_SEP),
             ll_quiz_kind_words(q->kind));
    ll_view_header(app, s, left, right);
    total = quiz_body(app, s, QUIZ_TOP, rows, app->q_scroll);
    if (app->q_scroll + rows < total)
        ll_screen_printf(s, s->w - 12, s->h - 3, dim, "%s more",
                         app->ascii ? "v" : "↓");
    else if (app->q_scroll > 0)
        ll_screen_printf(s, s->w - 12, s->h - 3, dim, "%s more",
                         app->ascii ? "^" : "↑");
    ll_view_footer(app, s, total > rows
                   ? "1-9 answer  Enter next  j/k scroll  ? help  q back"
                   : "1-9 answer  Enter next  ? help  q back",
                   app->chosen < 0 ? "Press the number of your answer." :
                   NULL);
    (void)dim;
    ll_screen_cursor(s, x, 2);
}

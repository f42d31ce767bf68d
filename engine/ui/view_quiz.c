/* SPDX-License-Identifier: MIT
 * engine/ui/view_quiz.c -- one quiz question at a time, and the score.
 *
 * The prompt and its code snippet are laid out with the Markdown renderer
 * (the snippet as a fenced block in its language), then the numbered
 * choices. Once answered, the chosen and the right choice get ✓/✗ and a
 * word, and the explanation follows. After the last question: the score.
 */
#include "ui/view.h"

#include <stdio.h>
#include <string.h>

void
ll_view_quiz_draw(const ll_app *app, ll_screen *s)
{
    const ll_lesson *l = app->lesson;
    const ll_question *q;
    const ll_style dim = LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE);
    char left[160], right[48], line[256];
    int x = ll_view_margin(app), w = ll_app_text_width(app->w), y = 2;
    ll_md_opts mo = { w, false };
    ll_md_doc doc;
    ll_buf md;
    size_t i;

    snprintf(left, sizeof left, "looplab %s %s %s quiz",
             ll_view_glyph(app, LL_G_SEP), l->id, l->title);
    if (app->quiz_done) {
        ll_view_header(app, s, left, "done");
        ll_screen_put(s, x, y, "Quiz done", LL_STYLE(LL_ATTR_BOLD,
                                                     LL_ROLE_HEADING));
        snprintf(line, sizeof line, "%s %d of %d right this time.",
                 ll_view_glyph(app, app->q_correct == app->q_answered
                                        ? LL_G_OK : LL_G_STARTED),
                 app->q_correct, app->q_answered);
        ll_screen_put(s, x, y + 2, line, LL_STYLE(LL_ATTR_BOLD,
                      app->q_correct == app->q_answered ? LL_ROLE_OK
                                                        : LL_ROLE_ACCENT));
        ll_view_footer(app, s, "q back  ? help",
                       "Your answers are saved. q: back to the lesson menu.");
        ll_screen_cursor(s, x, y + 2);
        return;
    }
    q = &l->quiz[app->q];
    snprintf(right, sizeof right, "question %zu/%zu  %s", app->q + 1,
             l->nquiz, ll_quiz_kind_name(q->kind));
    ll_view_header(app, s, left, right);

    /* Prompt and snippet through the Markdown layout. */
    ll_buf_init(&md);
    ll_buf_adds(&md, q->prompt ? q->prompt : "");
    if (q->code && *q->code)
        ll_buf_printf(&md, "\n\n```%s\n%s\n```\n", q->lang ? q->lang : "",
                      q->code);
    if (md.data != NULL && ll_md_render(md.data, md.len, &mo, &doc) == LL_OK) {
        int rows = (int)doc.nlines;
        int room = s->h - 3 - y - (int)q->nchoices - 4;
        ll_md_draw(&doc, 0, s, x, y, w, rows < room ? rows : room);
        y += (rows < room ? rows : room) + 1;
        ll_md_doc_close(&doc);
    }
    ll_buf_close(&md);

    for (i = 0; i < q->nchoices && y < s->h - 3; i++, y++) {
        bool chosen = app->chosen == (int)i, right_one = q->answer == (int)i;
        ll_style st = LL_PLAIN;
        int mark = 0;
        if (app->chosen >= 0 && (chosen || right_one)) {
            snprintf(line, sizeof line, "%s", ll_view_glyph(app,
                     right_one ? LL_G_OK : LL_G_FAIL));
            st = LL_STYLE(LL_ATTR_BOLD, right_one ? LL_ROLE_OK : LL_ROLE_FAIL);
            ll_screen_put(s, x, y, line, st);
            mark = 1;
        }
        ll_screen_printf(s, x + 2, y, LL_STYLE(LL_ATTR_BOLD, 0), "%zu)", i + 1);
        {
            int cw = ll_screen_putn(s, x + 6, y, q->choices[i],
                                    strlen(q->choices[i]), w - 30, st);
            if (mark)
                ll_screen_put(s, x + 8 + cw, y,
                              right_one ? (chosen ? "← your answer: right"
                                                  : "← the right answer")
                                        : "← your answer: wrong", st);
        }
    }
    if (app->chosen >= 0) {
        bool right_ans = app->chosen == q->answer;
        y++;
        ll_screen_put(s, x, y, right_ans ? "Right." : "Not quite.",
                      LL_STYLE(LL_ATTR_BOLD, right_ans ? LL_ROLE_OK
                                                       : LL_ROLE_FAIL));
        if (q->explain)
            ll_view_wrap(s, x, y + 1, w, 0, s->h - 3 - y - 1, q->explain,
                         LL_PLAIN);
    }
    ll_view_footer(app, s, "1-9 answer  Enter next  ? help  q back",
                   app->chosen < 0 ? "Press the number of your answer." :
                   NULL);
    (void)dim;
    ll_screen_cursor(s, x, 2);
}

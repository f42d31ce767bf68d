/* SPDX-License-Identifier: MIT
 * app/tui/view_progress.c -- the progress dashboard.
 *
 * One scrolling page: the whole course at a glance (bar, lessons done,
 * exercises passed, quizzes, time spent, last activity), then per week,
 * per exercise (attempts, hints used), and the course's four competencies
 * (lessons/competencies.lua). Competency scores are not
 * computed here: until the assessment rules (course/assess.h) are wired
 * in, each competency says "not assessed yet" rather than a made-up
 * number. Rows are counted and drawn by one walk (prog_out).
 */
#include "view.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

typedef struct prog_out {
    ll_screen *s;
    int top, y0, h, row;
} prog_out;

/* The screen row of the next body row, or -1 when scrolled out. */
static int
prog_row(prog_out *o)
{
    int r = o->row++ - o->top;
    return r >= 0 && r < o->h ? o->y0 + r : -1;
}

static void
prog_time(double secs, char *buf, size_t n)
{
    long m = (long)(secs / 60 + 0.5);

    if (secs <= 0)
        snprintf(buf, n, "-");
    else if (m < 1)
        snprintf(buf, n, "<1m");
    else if (m < 60)
        snprintf(buf, n, "%ldm", m);
    else
        snprintf(buf, n, "%ldh %02ldm", m / 60, m % 60);
}

static void
prog_when(double t, char *buf, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (t <= 0 || gmtime_r(&tt, &tm) == NULL)
        snprintf(buf, n, "never");
    else
        strftime(buf, n, "%Y-%m-%d %H:%M UTC", &tm);
}

static const char *const prog_competencies[4] = {
    "Write efficient async code",
    "Choose the correct concurrency model",
    "Handle thread synchronisation",
    "Optimise CPU-bound tasks",
};

void
ll_view_progress_draw(const ll_app *app, ll_screen *s)
{
    const ll_course *c = app->course;
    const ll_style dim = LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE);
    const ll_style head = LL_STYLE(LL_ATTR_BOLD, LL_ROLE_HEADING);
    int x = 2, pages = 0, pseen = 0, exn = 0, expass = 0, qn = 0, qdone = 0;
    int qright = 0, qasked = 0, ldone = 0, y, wk, maxweek = 6;
    double secs = 0, last = 0;
    char right[64], t1[32], t2[40], line[200];
    prog_out o = { s, app->prog_scroll, 2, s->h - 5, 0 };
    size_t i;

    for (i = 0; i < c->nlessons; i++) {
        const ll_lesson *l = &c->lessons[i];
        const ll_app_prog *p = &app->prog[i];
        int pg = p->pages_seen < (int)l->npages ? p->pages_seen
                                                : (int)l->npages;
        pages += (int)l->npages;
        pseen += pg;
        exn += (int)ll_lesson_required(l);
        expass += p->ex_passed;
        if (l->nquiz) {
            qn++;
            qdone += p->quiz_answered >= (int)l->nquiz;
            qright += p->quiz_correct;
            qasked += (int)l->nquiz;
        }
        ldone += pg >= (int)l->npages
                 && p->ex_passed >= (int)ll_lesson_required(l) &&
                 (l->nquiz == 0 || p->quiz_answered >= (int)l->nquiz);
        secs += p->seconds;
        last = p->last > last ? p->last : last;
        if (l->week > maxweek)
            maxweek = l->week;
    }
    snprintf(right, sizeof right, "%d of %d exercises passed", expass, exn);
    ll_view_header(app, s, "looplab › progress", right);

    if ((y = prog_row(&o)) >= 0) {
        ll_screen_put(s, x, y, "Course", head);
        ll_view_bar(app, s, x + 10, y, 30, pseen + expass + qdone,
                    pages + exn + qn);
        ll_screen_printf(s, x + 42, y, LL_PLAIN, "%d of %zu lessons done",
                         ldone, c->nlessons);
    }
    prog_time(secs, t1, sizeof t1);
    prog_when(app->store_last > last ? app->store_last : last, t2, sizeof t2);
    if ((y = prog_row(&o)) >= 0)
        ll_screen_printf(s, x + 10, y, dim, "pages %d/%d  %s  exercises "
                         "%d/%d  %s  quizzes %d/%d (%d/%d right)", pseen,
                         pages, ll_view_glyph(app, LL_G_NEW), expass, exn,
                         ll_view_glyph(app, LL_G_NEW), qdone, qn, qright,
                         qasked);
    if ((y = prog_row(&o)) >= 0)
        ll_screen_printf(s, x + 10, y, dim, "time spent %s  %s  last "
                         "activity %s", t1, ll_view_glyph(app, LL_G_NEW), t2);
    o.row++;

    if ((y = prog_row(&o)) >= 0)
        ll_screen_put(s, x, y, "By week", head);
    for (wk = 1; wk <= maxweek; wk++) {
        int wp = 0, wpa = 0, we = 0, wea = 0, wq = 0, wqa = 0, nl = 0;
        double ws = 0;
        for (i = 0; i < c->nlessons; i++) {
            const ll_lesson *l = &c->lessons[i];
            const ll_app_prog *p = &app->prog[i];
            if (l->week != wk)
                continue;
            nl++;
            wpa += (int)l->npages;
            wp += p->pages_seen < (int)l->npages ? p->pages_seen
                                                 : (int)l->npages;
            wea += (int)ll_lesson_required(l);
            we += p->ex_passed;
            wqa += l->nquiz ? 1 : 0;
            wq += l->nquiz && p->quiz_answered >= (int)l->nquiz;
            ws += p->seconds;
        }
        if ((y = prog_row(&o)) < 0)
            continue;
        ll_screen_printf(s, x + 2, y, LL_STYLE(LL_ATTR_BOLD, 0), "Week %d",
                         wk);
        if (nl == 0) {
            ll_screen_printf(s, x + 10, y, dim, "%s coming: no lessons yet",
                             ll_view_glyph(app, LL_G_NEW));
            continue;
        }
        ll_view_bar(app, s, x + 10, y, 20, wp + we + wq, wpa + wea + wqa);
        prog_time(ws, t1, sizeof t1);
        snprintf(line, sizeof line, "pages %d/%d  ex %d/%d  quiz %d/%d  "
                 "time %s", wp, wpa, we, wea, wq, wqa, t1);
        ll_screen_putn(s, x + 32, y, line, strlen(line), s->w - x - 33,
                       LL_PLAIN);
    }
    o.row++;

    if ((y = prog_row(&o)) >= 0)
        ll_screen_put(s, x, y, "By exercise", head);
    if (app->nexrows == 0 && (y = prog_row(&o)) >= 0)
        ll_screen_put(s, x + 2, y, "No exercises in this course yet.", dim);
    for (i = 0; i < app->nexrows; i++) {
        const ll_app_exrow *r = &app->exrows[i];
        int tw = s->w - x - 46;
        if ((y = prog_row(&o)) < 0)
            continue;
        snprintf(t1, sizeof t1, "%s %s", ll_view_glyph(app, r->passed
                 ? LL_G_OK : r->attempts ? LL_G_FAIL : LL_G_NEW),
                 r->passed ? "passed" : r->attempts ? "not yet" : "new");
        ll_screen_put(s, x + 2, y, t1, r->passed
                      ? LL_STYLE(LL_ATTR_BOLD, LL_ROLE_OK)
                      : r->attempts ? LL_STYLE(0, LL_ROLE_WARN) : dim);
        ll_screen_put(s, x + 13, y, r->ex->id, LL_STYLE(LL_ATTR_BOLD, 0));
        {
            char title[200];
            snprintf(title, sizeof title, "%s%s", r->ex->title,
                     r->ex->optional ? " (optional)" : "");
            ll_screen_putn(s, x + 20, y, title, strlen(title), tw, LL_PLAIN);
        }
        ll_screen_printf(s, x + 21 + tw, y, dim, "%3d attempt%s  hints "
                         "%d/%zu", r->attempts, r->attempts == 1 ? " " : "s",
                         r->hints, r->ex->nhints);
    }
    o.row++;

    if ((y = prog_row(&o)) >= 0)
        ll_screen_put(s, x, y, "Competencies (the course's four "
                      "assessment items)", head);
    for (i = 0; i < 4; i++) {
        if ((y = prog_row(&o)) < 0)
            continue;
        ll_screen_printf(s, x + 2, y, LL_PLAIN, "%s %-38s",
                         ll_view_glyph(app, LL_G_NEW), prog_competencies[i]);
        ll_screen_put(s, x + 44, y, "not assessed yet", dim);
    }
    if (o.row - o.top > o.h)
        ll_screen_printf(s, s->w - 12, s->h - 3, dim, "%s more",
                         app->ascii ? "v" : "↓");
    ll_view_footer(app, s, "j/k scroll  g/G top/bottom  ? help  q back",
                   NULL);
    ll_screen_cursor(s, x, 2);
}

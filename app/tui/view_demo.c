/* SPDX-License-Identifier: MIT
 * app/tui/view_demo.c -- a demo played back as a live timeline.
 *
 * The demo already ran to completion on the virtual clock (app.c); this
 * view shows the trace up to app->now: the time line, knobs, one row per
 * task, the printed output whose time has come, and a legend. Also the
 * --plain printer, which draws the whole run into an off-screen
 * ll_screen with ASCII glyphs and dumps it as text, so both share one
 * drawing path.
 */
#include "view.h"

#include <stdio.h>
#include <string.h>

/* The legend as phrases that must stay whole on a row: the glyph keys,
 * then "waiting on:" with the first reason, then each further reason.
 * Returns how many; each is written into its own slot of `ph`. */
#define DEMO_LEGEND_MAX 40
static size_t
demo_legend_phrases(const ll_timeline *tl, bool ascii,
                    char ph[][64], size_t cap)
{
    static const char *const keys[2][7] = {
        { "█ run", "─ wait", "· ready", "▓ blocks loop", "✓ done",
          "✗ error", "⊘ cancelled" },
        { "# run", "- wait", ". ready", "! blocks loop", "* done",
          "X error", "/ cancelled" },
    };
    size_t n = 0, i;

    for (i = 0; i < 7 && n < cap; i++)
        snprintf(ph[n++], 64, "%s", keys[ascii][i]);
    for (i = 0; i < tl->nreasons && n < cap; i++) {
        if (i == 0)
            snprintf(ph[n++], 64, "%s waiting on: %s", ascii ? "|" : "│",
                     tl->reasons[i]);
        else
            snprintf(ph[n++], 64, "%s", tl->reasons[i]);
    }
    return n;
}

/* One line (the --plain printer). */
static void
demo_legend(const ll_timeline *tl, char *buf, size_t n, bool ascii)
{
    char ph[DEMO_LEGEND_MAX][64];
    size_t k = demo_legend_phrases(tl, ascii, ph, DEMO_LEGEND_MAX), i;

    buf[0] = '\0';
    for (i = 0; i < k; i++) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s%s", i ? "  " : "", ph[i]);
    }
}

/* Lay the legend out in w columns, breaking only between phrases (never
 * "waiting on: a" / "await" at 80 columns). Draws rows [0, maxrows) at
 * (x, y) when s is non-NULL; returns the rows it takes. */
static int
demo_legend_draw(const ll_app *app, const ll_timeline *tl, ll_screen *s,
                 int x, int y, int w, int maxrows, ll_style st)
{
    char ph[DEMO_LEGEND_MAX][64];
    size_t k = demo_legend_phrases(tl, app->ascii, ph, DEMO_LEGEND_MAX), i;
    int row = 0, col = 0;

    for (i = 0; i < k; i++) {
        int pw = ll_utf8_width(ph[i], strlen(ph[i]));
        if (col > 0 && col + 2 + pw > w) {
            row++;
            col = 0;
        }
        if (col > 0)
            col += 2;
        if (s != NULL && row < maxrows)
            ll_screen_putn(s, x + col, y + row, ph[i], strlen(ph[i]),
                           w - col, st);
        col += pw;
    }
    return row + 1;
}

/* One line: where the tasks stand at "now", in words (and the reason
 * letters of the legend for the waits). */
static void
demo_census_text(const ll_app *app, const ll_tl_census *cp, bool letters,
                 char *buf, size_t n);

static void
demo_census(const ll_app *app, ll_screen *s, int x, int y, int w)
{
    ll_tl_census c;
    char buf[256];

    ll_timeline_census(&app->tl, app->now, &c);
    demo_census_text(app, &c, false, buf, sizeof buf);
    if (ll_utf8_width(buf, strlen(buf)) > w)   /* reasons as legend letters */
        demo_census_text(app, &c, true, buf, sizeof buf);
    ll_screen_putn(s, x, y, buf, strlen(buf), w,
                   LL_STYLE(0, c.blocking ? LL_ROLE_FAIL : LL_ROLE_NONE));
}

static void
demo_census_text(const ll_app *app, const ll_tl_census *cp, bool letters,
                 char *buf, size_t n)
{
    const ll_timeline *tl = &app->tl;
    ll_tl_census c = *cp;
    size_t i, len;

    snprintf(buf, n, "now: %d running %s %d ready %s %d waiting",
             c.running, ll_view_glyph(app, LL_G_NEW), c.ready,
             ll_view_glyph(app, LL_G_NEW), c.waiting);
    for (i = 0; i < tl->nreasons && c.waiting > 0; i++) {
        len = strlen(buf);
        if (c.by_reason[i] > 0)
            snprintf(buf + len, n - len, "%s%.*s %d",
                     strchr(buf, '(') ? ", " : " (", letters ? 1 : 40,
                     letters ? tl->reasons[i] : tl->reasons[i] + 2,
                     c.by_reason[i]);
    }
    if (strchr(buf, '('))
        strncat(buf, ")", n - strlen(buf) - 1);
    len = strlen(buf);
    if (c.blocking)
        snprintf(buf + len, n - len, " %s %d BLOCKING THE LOOP",
                 ll_view_glyph(app, LL_G_NEW), c.blocking);
    len = strlen(buf);
    snprintf(buf + len, n - len, " %s %d done",
             ll_view_glyph(app, LL_G_NEW), c.done);
}

/* Locks and queues at "now": who holds each lock and how many wait, how
 * full each queue is. Written as one text, wrapped by the caller. */
static void
demo_objects(const ll_app *app, char *buf, size_t n)
{
    const ll_timeline *tl = &app->tl;
    size_t i, len;

    buf[0] = '\0';
    for (i = 0; i < tl->nobjs; i++) {
        const ll_tl_obj *o = &tl->objs[i];
        const ll_tl_objstate *st = ll_timeline_obj_at(o, app->now);
        len = strlen(buf);
        if (len + 40 >= n)
            break;
        if (len)
            snprintf(buf + len, n - len, "  %s  ", ll_view_glyph(app,
                                                              LL_G_NEW));
        len = strlen(buf);
        if (o->queue) {
            int v = st ? st->value : 0, k;
            snprintf(buf + len, n - len, "%s: %d item%s ", o->name, v,
                     v == 1 ? "" : "s");
            /* A small fill gauge against the fullest it got. */
            for (k = 0; k < 8 && o->maxvalue > 0; k++) {
                len = strlen(buf);
                snprintf(buf + len, n - len, "%s",
                         k < (v * 8 + o->maxvalue - 1) / o->maxvalue
                             ? (app->ascii ? "#" : "▮")
                             : (app->ascii ? "." : "▯"));
            }
        } else if (st == NULL || st->value == 0) {
            snprintf(buf + len, n - len, "%s: free%s", o->name,
                     st && st->waiting ? " (waking a waiter)" : "");
        } else {
            snprintf(buf + len, n - len, "%s: held by %s%s", o->name,
                     ll_timeline_task_name(tl, st->holder[0]),
                     st->value > 1 ? " +more" : "");
            len = strlen(buf);
            if (st->value > 1)
                snprintf(buf + len, n - len, " (%d)", st->value);
            len = strlen(buf);
            if (st->waiting)
                snprintf(buf + len, n - len, ", %d waiting", st->waiting);
        }
    }
}

void
ll_view_demo_draw(const ll_app *app, ll_screen *s)
{
    const ll_demo *d = app->demo;
    const ll_timeline *tl = &app->tl;
    const ll_style dim = LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE);
    char left[160], right[48], buf[512];
    int x = 2, y = 2, w = s->w - 4, avail, tlh, outh, shown, objh = 0;
    size_t i, nout;

    if (d != NULL) {
        snprintf(left, sizeof left, "looplab %s demo %s: %s",
                 ll_view_glyph(app, LL_G_SEP), d->id, d->title);
    } else {
        const char *base = app->replay ? strrchr(app->replay, '/') : NULL;
        snprintf(left, sizeof left, "looplab %s replay %s",
                 ll_view_glyph(app, LL_G_SEP), base ? base + 1
                 : app->replay ? app->replay : "");
    }
    if (app->trace == NULL)
        snprintf(right, sizeof right, "running…");
    else if (app->now >= tl->tend)
        snprintf(right, sizeof right, "%s finished",
                 ll_view_glyph(app, LL_G_OK));
    else if (app->paused)
        snprintf(right, sizeof right, "%s paused",
                 ll_view_glyph(app, LL_G_PAUSE));
    else
        snprintf(right, sizeof right, "%s playing ×%g",
                 ll_view_glyph(app, LL_G_PLAY), app->speed);
    ll_view_header(app, s, left, right);
    if (d == NULL) {
        ll_view_wrap(s, x, y, w, 0, 1, "A saved run, replayed from its "
                     "trace file.", dim);
        y++;
    } else if (d->about && *d->about) {
        /* Two lines, marked when there is more (a shows it all): the
         * explanation is the demo's instruction, never cut silently. */
        int n = ll_view_wrap(NULL, 0, 0, w, 0, 0, d->about, dim);
        if (app->demo_about || n <= 2) {
            int room = s->h / 2;
            y += ll_view_wrap(s, x, y, w, 0, n < room ? n : room, d->about,
                              dim) > room ? room : (n < room ? n : room);
        } else {
            ll_view_wrap(s, x, y, w - 12, 0, 2, d->about, dim);
            ll_screen_put(s, x + w - 11, y + 1, "… a: more",
                          LL_STYLE(LL_ATTR_BOLD, LL_ROLE_ACCENT));
            y += 2;
        }
    }
    y++;
    ll_screen_printf(s, x, y, LL_STYLE(LL_ATTR_BOLD, LL_ROLE_ACCENT),
                     "t = %.2f s", app->now);
    if (app->trace != NULL)
        ll_screen_printf(s, x + 12, y, dim, "of %.2f s %s time", tl->tend,
                         tl->real ? "real" : "virtual");
    if (d != NULL && d->nknobs > 0) {
        /* On the time line when they fit, else on rows of their own,
         * wrapped between knobs: a knob is never cut ("pool="). */
        int kx = x + 40, need = 7;
        for (i = 0; i < d->nknobs; i++)
            need += snprintf(buf, sizeof buf, "%s=%g", d->knobs[i].name,
                             app->knobs ? app->knobs[i]
                                        : d->knobs[i].value) + 2;
        if (kx + need > x + w) {
            y++;
            kx = x;
        }
        ll_screen_put(s, kx, y, "knobs:", dim);
        kx += 7;
        for (i = 0; i < d->nknobs; i++) {
            bool sel = i == app->knob_sel;
            int kw = snprintf(buf, sizeof buf, "%s=%g", d->knobs[i].name,
                              app->knobs ? app->knobs[i]
                                         : d->knobs[i].value);
            if (kx + kw > x + w && kx > x + 7) {
                y++;
                kx = x + 7;
            }
            ll_screen_put(s, kx, y, buf, sel ? LL_STYLE(LL_ATTR_REVERSE,
                                                       LL_ROLE_ACCENT)
                                             : LL_PLAIN);
            kx += kw + 2;
        }
    }
    y += 2;
    if (app->trace == NULL) {
        ll_screen_put(s, x, y, "Running the demo…", dim);
        ll_view_footer(app, s, "q back  ? help", NULL);
        return;
    }
    /* Timeline first; the output gets what is left (at least 3 rows). */
    avail = s->h - 3 - y - 2 + 1;   /* the census line replaces a blank */
    if (tl->nobjs > 0) {
        demo_objects(app, buf, sizeof buf);
        objh = ll_view_wrap(NULL, 0, 0, w, 0, 0, buf, dim);
        objh = objh > 2 ? 2 : objh;
        avail -= objh;
    }
    tlh = ll_timeline_rows(tl);
    if (tlh > avail - 4)
        tlh = avail - 4;
    shown = ll_timeline_draw_from(tl, app->tl_top, app->now, s, x, y, w,
                                  tlh, app->ascii);
    y += shown;
    demo_census(app, s, x, y, w);   /* in place of a blank row */
    y += 1;
    if (objh > 0) {
        ll_view_wrap(s, x, y, w, 0, objh, buf, LL_STYLE(0, LL_ROLE_WARN));
        y += objh;
    }
    ll_screen_put(s, x, y, "Output", LL_STYLE(LL_ATTR_BOLD, LL_ROLE_HEADING));
    ll_view_rule(app, s, x + 7, y, w - 7);
    y++;
    outh = s->h - 3 - y - 2;
    for (nout = 0; nout < tl->nout && tl->out[nout].t <= app->now; nout++)
        ;
    if (app->run_err != NULL && app->now >= tl->tend) {
        /* The run failed: its error is the last thing it "printed". */
        int er = ll_view_wrap(NULL, x, 0, w, 0, 0, app->run_err, dim);
        er = er > outh ? outh : er;
        ll_view_wrap(s, x, y + outh - er, w, 0, er, app->run_err,
                     LL_STYLE(LL_ATTR_BOLD, LL_ROLE_FAIL));
        outh -= er;
    }
    i = nout > (size_t)(outh > 0 ? outh : 0) ? nout - (size_t)outh : 0;
    for (; i < nout; i++, y++) {
        ll_screen_printf(s, x, y, dim, "%6.2f", tl->out[i].t);
        ll_screen_putn(s, x + 8, y, tl->out[i].text, strlen(tl->out[i].text),
                       w - 8, LL_STYLE(0, LL_ROLE_CODE));
    }
    if (nout == 0 && tl->nout == 0 && app->out.len > 0 &&
        app->now >= tl->tend)
        ll_view_wrap(s, x, y, w, 0, outh, app->out.data,
                     LL_STYLE(0, LL_ROLE_CODE));
    {
        /* The legend ends just above the status line (one or two rows). */
        int lr = demo_legend_draw(app, tl, NULL, 0, 0, w, 0, dim);
        lr = lr > 2 ? 2 : lr;
        demo_legend_draw(app, tl, s, x, s->h - 2 - lr, w, lr, dim);
    }
    ll_view_footer(app, s, d != NULL && d->nknobs
                   ? "Space pause  s step  r restart  +/- speed  ←/→ seek  "
                     "Tab/[/] knobs  q back"
                   : "Space pause  s step  r restart  +/- speed  ←/→ seek  "
                     "G end  ? help  q back", NULL);
    ll_screen_cursor(s, x, 2);
}

char *
ll_view_timeline_plain(const ll_trace *trace, int width)
{
    ll_timeline tl;
    ll_screen *s = NULL;
    ll_buf b;
    char legend[512], *text = NULL;
    int rows;
    size_t i;

    if (width < 40)
        width = 40;
    if (ll_timeline_build_clock(trace, &tl,
                                ll_timeline_prefers_real(trace)) != LL_OK)
        goto oom;
    rows = ll_timeline_rows(&tl);
    if (ll_screen_new(width, rows, &s) != LL_OK)
        goto oom;
    ll_timeline_draw(&tl, tl.tend, s, 0, 0, width, rows, true);
    if ((text = ll_screen_to_text(s)) == NULL)
        goto oom;
    ll_buf_init(&b);
    ll_buf_printf(&b, "timeline: %zu task%s, %.2f s %s time\n\n",
                  tl.ntasks, tl.ntasks == 1 ? "" : "s", tl.tend,
                  tl.real ? "real" : "virtual");
    ll_buf_adds(&b, text);
    demo_legend(&tl, legend, sizeof legend, true);
    ll_buf_printf(&b, "\n%s\n", legend);
    for (i = 0; i < tl.nobjs; i++) {
        const ll_tl_obj *o = &tl.objs[i];
        int maxw = 0, maxh = 0;
        for (size_t k = 0; k < o->nst; k++) {
            maxh = o->st[k].value > maxh ? o->st[k].value : maxh;
            maxw = o->st[k].waiting > maxw ? o->st[k].waiting : maxw;
        }
        if (i == 0)
            ll_buf_adds(&b, "\nlocks and queues:\n");
        if (o->queue)
            ll_buf_printf(&b, "  %-16s at most %d item%s\n", o->name,
                          o->maxvalue, o->maxvalue == 1 ? "" : "s");
        else
            ll_buf_printf(&b, "  %-16s at most %d holder%s, %d waiting\n",
                          o->name, maxh, maxh == 1 ? "" : "s", maxw);
    }
    if (tl.nout > 0)
        ll_buf_adds(&b, "\noutput:\n");
    for (i = 0; i < tl.nout; i++)
        ll_buf_printf(&b, "t=%-7.2f %s\n", tl.out[i].t, tl.out[i].text);
    ll_free(text);
    ll_screen_free(s);
    ll_timeline_close(&tl);
    if (b.data == NULL)
        return NULL;
    return ll_buf_take(&b);
oom:
    ll_free(text);
    ll_screen_free(s);
    ll_timeline_close(&tl);
    return NULL;
}

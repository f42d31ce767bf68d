/* SPDX-License-Identifier: MIT
 * app/tui/app_demo.c -- the demo screen's state: run, playback, replay.
 *
 * A demo runs to completion on the virtual clock when the screen opens (or
 * a knob changes), through app->ops.run so tests can fake it; its trace is
 * folded into a timeline once, and playback only moves app->now, so a
 * frame costs a draw, never a run. Replays load a saved trace file into
 * the same state with no demo (app->demo NULL, app->replay set). Step
 * jumps to the next instant with events and says what happened.
 */
#include "app_int.h"

#include <stdio.h>
#include <string.h>

void
ll__app_enter_demo(ll_app *app, const ll_demo *d)
{
    size_t i;

    if (app->demo != d || app->replay != NULL)
        ll__app_demo_reset(app);    /* never show another demo's run */
    ll_free(app->replay);
    app->replay = NULL;
    app->demo = d;
    app->scr = LL_SCR_DEMO;
    ll_free(app->knobs);
    app->knobs = d->nknobs ? ll_calloc(d->nknobs, sizeof *app->knobs) : NULL;
    for (i = 0; app->knobs && i < d->nknobs; i++)
        app->knobs[i] = d->knobs[i].value;
    app->knob_sel = 0;
    app->demo_about = false;
    app->speed = 1.0;
    app->effect = LL_EFFECT_RUN;
    ll__app_remember(app, "demo:%s", d->id);
}

void
ll__app_demo_reset(ll_app *app)
{
    app->tl_top = 0;
    ll_timeline_close(&app->tl);
    ll_trace_free(app->trace);
    app->trace = NULL;
    ll_buf_close(&app->out);
    ll_free(app->run_err);
    app->run_err = NULL;
}

/* {==== demo playback ====} */

/* Virtual seconds of playback per real second at speed 1: real time for
 * short demos, and at most ~12 s for the whole run of a long one. */
static double
app_demo_rate(const ll_app *app)
{
    return app->tl.tend > 12.0 ? app->tl.tend / 12.0 : 1.0;
}

bool
ll_app_animating(const ll_app *app)
{
    return app->scr == LL_SCR_DEMO && !app->paused && !app->help &&
           app->trace != NULL && app->now < app->tl.tend;
}

void
ll_app_tick(ll_app *app, int64_t now_ns)
{
    if (!ll_app_animating(app)) {
        app->last_tick = 0;
        return;
    }
    ll__app_time_tick(app);     /* watching a demo play is study time */
    if (app->last_tick != 0 && now_ns > app->last_tick) {
        app->now += (double)(now_ns - app->last_tick) / 1e9 * app->speed *
                    app_demo_rate(app);
        if (app->now >= app->tl.tend)
            app->now = app->tl.tend;
    }
    app->last_tick = now_ns;
}

void
ll__app_demo_run(ll_app *app)
{
    const ll_demo *d = app->demo;
    ll_knob_value kv[16];
    ll_run_opts o;
    ll_run_result res;
    size_t i, nk = d->nknobs < 16 ? d->nknobs : 16;
    int rc;

    ll__app_demo_reset(app);
    memset(&o, 0, sizeof o);
    memset(&res, 0, sizeof res);
    o.clock = LL_CLOCK_VIRTUAL;
    o.max_instructions = 50 * 1000 * 1000;
    for (i = 0; i < nk; i++) {
        kv[i].name = d->knobs[i].name;
        kv[i].value = app->knobs ? app->knobs[i] : d->knobs[i].value;
    }
    o.knobs = kv;
    o.nknobs = nk;
    if (ll_trace_new(&app->trace) != LL_OK) {
        ll_app_status(app, "Out of memory");
        return;
    }
    rc = app->ops.run(d, &o, app->trace, &app->out, &res);
    if (rc != LL_OK)
        app->run_err = ll_asprintf("%s", res.error ? res.error
                                                   : ll_strerror(rc));
    else if (res.status != LL_OK)
        app->run_err = ll_asprintf("%s: %s", ll_errname(res.status),
                                   res.error ? res.error : "");
    ll_run_result_close(&res);
    if (ll_timeline_build_clock(app->trace, &app->tl,
                                ll_timeline_prefers_real(app->trace)) != LL_OK)
        ll_app_status(app, "Out of memory");
    app->now = 0;
    app->paused = false;
    app->last_tick = 0;
    if (app->store != NULL)
        ll__app_store_err(app, ll_store_demo_run(app->store, d->id), "progress");
}

int
ll__app_enter_replay(ll_app *app, const char *path, ll_scr back)
{
    char *text = NULL;
    size_t len = 0;
    int rc, line = 0;

    ll__app_demo_reset(app);
    ll_free(app->replay);
    app->replay = NULL;
    if ((rc = ll_read_file(path, &text, &len)) != LL_OK)
        return rc;
    if ((rc = ll_trace_new(&app->trace)) == LL_OK &&
        (rc = ll_trace_read_jsonl(app->trace, text, &line)) != LL_OK)
        app->run_err = ll_asprintf("%s:%d: not a trace line", path, line);
    ll_free(text);
    if (app->trace == NULL)
        return rc;
    if (ll_timeline_build_clock(app->trace, &app->tl,
                                ll_timeline_prefers_real(app->trace)) != LL_OK)
        return LL_ENOMEM;
    app->replay = ll_strdup(path);
    app->replay_back = back;
    app->demo = NULL;
    app->scr = LL_SCR_DEMO;
    app->now = 0;
    app->speed = 1.0;
    app->paused = false;
    app->last_tick = 0;
    app->knob_sel = 0;
    return LL_OK;
}

/* Step: jump to the next instant at which something happens, pause, and
 * say what happened there. */
static void
app_demo_step(ll_app *app)
{
    size_t i, n = ll_trace_count(app->trace), more = 0;
    const ll_event *hit = NULL;

    for (i = 0; i < n; i++) {
        const ll_event *e = ll_trace_get(app->trace, i);
        if (hit != NULL && e->t == hit->t)
            more++;
        else if (hit == NULL && e->t > app->now + 1e-9)
            hit = e;
    }
    app->paused = true;
    app->last_tick = 0;
    if (hit == NULL) {
        app->now = app->tl.tend;
        ll_app_status(app, "End of the run.");
        return;
    }
    app->now = hit->t;
    ll_app_status(app, "t=%.3f  %s %s%s%s%s", hit->t,
                  hit->name[0] ? hit->name : "loop", ll_ev_name(hit->kind),
                  hit->what[0] ? ": " : "", hit->what,
                  more ? "  (and more at this instant)" : "");
}

void
ll__app_demo_apply(ll_app *app, ll_action a)
{
    static const double speeds[] = { 0.25, 0.5, 1, 2, 4, 8, 16 };
    double step = app->tl.tend > 0 ? app->tl.tend / 20 : 0.1;
    size_t i;

    switch (a) {
    case LL_ACT_ABOUT:
        app->demo_about = !app->demo_about;
        break;
    case LL_ACT_PAUSE:
        if (app->now >= app->tl.tend) {
            app->now = 0;     /* at the end, "play" replays */
            app->paused = false;
        } else {
            app->paused = !app->paused;
        }
        app->last_tick = 0;
        break;
    case LL_ACT_RESTART:
        app->now = 0;
        app->paused = false;
        app->last_tick = 0;
        break;
    case LL_ACT_FASTER:
    case LL_ACT_SLOWER:
        for (i = 0; i < LL_COUNTOF(speeds) && speeds[i] < app->speed; i++)
            ;
        if (a == LL_ACT_FASTER && i + 1 < LL_COUNTOF(speeds))
            i++;
        else if (a == LL_ACT_SLOWER && i > 0)
            i--;
        app->speed = speeds[i < LL_COUNTOF(speeds) ? i : 0];
        ll_app_status(app, "Speed ×%g", app->speed);
        break;
    case LL_ACT_SEEK_FWD:
    case LL_ACT_SEEK_BACK:
        app->now += a == LL_ACT_SEEK_FWD ? step : -step;
        app->now = app->now < 0 ? 0 : app->now > app->tl.tend ? app->tl.tend
                                                              : app->now;
        app->paused = true;
        break;
    case LL_ACT_BOTTOM:
        app->now = app->tl.tend;
        break;
    case LL_ACT_CLOCK:
        if (app->trace != NULL) {
            double f = app->tl.tend > 0 ? app->now / app->tl.tend : 0;
            bool real = !app->tl.real;
            size_t top = app->tl_top;
            ll_timeline_close(&app->tl);
            if (ll_timeline_build_clock(app->trace, &app->tl, real) != LL_OK)
                ll_app_status(app, "Out of memory");
            app->tl_top = top;
            app->now = f * app->tl.tend;      /* the same moment, roughly */
            ll_app_status(app, "Time axis: %s seconds", real
                          ? "real (wall clock: threads and processes)"
                          : "virtual (the loop's clock)");
        }
        break;
    case LL_ACT_STEP:
        if (app->trace != NULL)
            app_demo_step(app);
        break;
    case LL_ACT_DOWN:
        if (app->tl_top + 1 < app->tl.ntasks)
            app->tl_top++;
        break;
    case LL_ACT_UP:
        if (app->tl_top > 0)
            app->tl_top--;
        break;
    case LL_ACT_KNOB_NEXT:
        if (app->demo != NULL && app->demo->nknobs > 0)
            app->knob_sel = (app->knob_sel + 1) % app->demo->nknobs;
        break;
    case LL_ACT_KNOB_UP:
    case LL_ACT_KNOB_DOWN:
        if (app->demo != NULL && app->demo->nknobs > 0 && app->knobs != NULL) {
            const ll_knob *k = &app->demo->knobs[app->knob_sel];
            double v = app->knobs[app->knob_sel];
            double st = k->step > 0 ? k->step : 1;
            v += a == LL_ACT_KNOB_UP ? st : -st;
            v = v < k->min ? k->min : v > k->max ? k->max : v;
            app->knobs[app->knob_sel] = v;
            ll_app_status(app, "%s = %g: running again",
                          k->label ? k->label : k->name, v);
            app->effect = LL_EFFECT_RUN;
        }
        break;
    default:
        break;
    }
}


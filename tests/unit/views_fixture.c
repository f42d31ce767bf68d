/* SPDX-License-Identifier: MIT
 * tests/unit/views_fixture.c -- the course, fake engine and golden files
 * of the view tests (see views_fixture.h).
 */
#include "views_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* {==== the hand-built course ====} */

/* The model's strings are char * (the loader owns heap copies); here they
 * point at literals that are never written or freed. */
#pragma GCC diagnostic ignored "-Wdiscarded-qualifiers"

static char *
fixture(const char *name)
{
    return ll_asprintf("%s/tests/golden/fixtures/%s", tu_srcdir(), name);
}

ll_course course;
ll_lesson lessons[3];
static ll_page pages11[2], page12, page21;
ll_demo demo;
static ll_knob knob;
static ll_exercise ex;
static char *hints[2];
static ll_question quiz[2];
static char *choices0[3], *choices1[2];

static void
build_course(void)
{
    lessons[0] = (ll_lesson){ .id = "1.1", .title = "Where the time goes",
        .summary = "Waiting vs working, and the two clocks that tell them "
                   "apart.", .week = 1, .dir = "/course/week1/01" };
    pages11[0] = (ll_page){ "Where the time goes", fixture("1.1-p1.md") };
    pages11[1] = (ll_page){ "Three models", fixture("1.1-p2.md") };
    lessons[0].pages = pages11;
    lessons[0].npages = 2;

    knob = (ll_knob){ "tasks", "number of tasks", 3, 1, 6, 1 };
    demo = (ll_demo){ .id = "1.1-sleepers", .title = "Three sleepers",
        .about = "Three tasks each sleep a different time; gather waits "
                 "for all of them. The waits overlap, so the total is the "
                 "longest one.",
        .script = "/course/week1/01/demos/sleepers.lua",
        .knobs = &knob, .nknobs = 1, .lesson = &lessons[0] };
    lessons[0].demos = &demo;
    lessons[0].ndemos = 1;

    hints[0] = "Create all three coroutines first, then await them "
               "together.";
    hints[1] = "asyncio.gather(*(fetch(u) for u in URLS)) runs them "
               "concurrently.";
    ex = (ll_exercise){ .id = "1.1a", .title = "Fetch three pages at once",
        .kind = LL_EX_PYTHON, .dir = fixture("ex-1.1a"),
        .file = "fetch.py", .statement = fixture("ex-1.1a.md"),
        .hints = hints, .nhints = 2, .lesson = &lessons[0] };
    lessons[0].exercises = &ex;
    lessons[0].nexercises = 1;

    choices0[0] = "3 seconds";
    choices0[1] = "1 second";
    choices0[2] = "0 seconds";
    quiz[0] = (ll_question){ .kind = LL_QUIZ_PT,
        .prompt = "How long does this take on the virtual clock?",
        .code = "async def main():\n    await asyncio.gather(\n"
                "        asyncio.sleep(1), asyncio.sleep(1),\n"
                "        asyncio.sleep(1))",
        .lang = "python", .choices = choices0, .nchoices = 3, .answer = 1,
        .explain = "gather runs the three sleeps concurrently: the waits "
                   "overlap, so the total is the longest one, 1 second." };
    choices1[0] = "I/O-bound";
    choices1[1] = "CPU-bound";
    quiz[1] = (ll_question){ .kind = LL_QUIZ_MC,
        .prompt = "A job shows a CPU share of 97 %. What is it?",
        .choices = choices1, .nchoices = 2, .answer = 1,
        .explain = "Near 100 % of a core means it is working, not waiting." };
    lessons[0].quiz = quiz;
    lessons[0].nquiz = 2;

    lessons[1] = (ll_lesson){ .id = "1.2", .title = "Tasks and the loop",
        .summary = "One task at a time; switches only at await.",
        .week = 1, .dir = "/course/week1/02" };
    page12 = (ll_page){ "Tasks and the loop", fixture("1.2-p1.md") };
    lessons[1].pages = &page12;
    lessons[1].npages = 1;

    lessons[2] = (ll_lesson){ .id = "2.1", .title = "Threads",
        .summary = "Shared memory, the GIL, and when threads help.",
        .week = 2, .dir = "/course/week2/01" };
    page21 = (ll_page){ "Threads", fixture("2.1-p1.md") };
    lessons[2].pages = &page21;
    lessons[2].npages = 1;

    course = (ll_course){ "/course", lessons, 3, NULL };
    {
        char *dir = ll_asprintf("%s/tests/golden/fixtures", tu_srcdir()), *err;
        if (ll_glossary_load(dir, &course.glossary, &err) != LL_OK)
            fprintf(stderr, "fixture glossary: %s\n", err ? err : "?");
        ll_free(dir);
    }
}

static void
free_course(void)
{
    ll_glossary_free(course.glossary);
    course.glossary = NULL;
    ll_free(pages11[0].path);
    ll_free(pages11[1].path);
    ll_free(page12.path);
    ll_free(page21.path);
    ll_free(ex.statement);
    ll_free(ex.dir);
}

/* {==== fake engine ====} */

int runs;

int
fake_run(const ll_demo *d, const ll_run_opts *o, ll_trace *tr, ll_buf *out,
         ll_run_result *res)
{
    int n = 3;
    char name[32], line[96];

    (void)d;
    runs++;
    for (size_t i = 0; i < o->nknobs; i++)
        if (strcmp(o->knobs[i].name, "tasks") == 0)
            n = (int)o->knobs[i].value;
    ll_trace_add(tr, 0, LL_EV_SPAWN, 1, -1, "main", "");
    ll_trace_add(tr, 0, LL_EV_RUN, 1, -1, "main", "");
    for (int k = 0; k < n; k++) {
        snprintf(name, sizeof name, "sleep-%d", k + 1);
        ll_trace_add(tr, 0, LL_EV_SPAWN, (uint32_t)k + 2, -1, name, "main");
    }
    ll_trace_add(tr, 0, LL_EV_SUSPEND, 1, -1, "main", "gather");
    for (int k = 0; k < n; k++) {
        snprintf(name, sizeof name, "sleep-%d", k + 1);
        ll_trace_add(tr, 0, LL_EV_RUN, (uint32_t)k + 2, -1, name, "");
        ll_trace_add(tr, 0, LL_EV_SUSPEND, (uint32_t)k + 2, -1, name, "sleep");
    }
    for (int k = 0; k < n; k++) {
        double t = k + 1;
        snprintf(name, sizeof name, "sleep-%d", k + 1);
        snprintf(line, sizeof line, "%s woke after %d s", name, k + 1);
        ll_trace_add(tr, t, LL_EV_READY, (uint32_t)k + 2, -1, name, "");
        ll_trace_add(tr, t, LL_EV_RUN, (uint32_t)k + 2, -1, name, "");
        ll_trace_add(tr, t, LL_EV_OUTPUT, (uint32_t)k + 2, -1, name, line);
        ll_buf_printf(out, "%s\n", line);
        ll_trace_add(tr, t, LL_EV_DONE, (uint32_t)k + 2, -1, name, "");
    }
    ll_trace_add(tr, n, LL_EV_READY, 1, -1, "main", "");
    ll_trace_add(tr, n, LL_EV_RUN, 1, -1, "main", "");
    snprintf(line, sizeof line, "all done in %.1f s", (double)n);
    ll_trace_add(tr, n, LL_EV_OUTPUT, 1, -1, "main", line);
    ll_buf_printf(out, "%s\n", line);
    ll_trace_add(tr, n, LL_EV_DONE, 1, -1, "main", "");
    res->status = LL_OK;
    res->error = NULL;
    res->vtime = n;
    return LL_OK;
}

int checks;
bool fake_pass;     /* the fake checker passes the file */
bool fake_notice;   /* its result has a notice, a hint and another Python */

static int
fake_check(const ll_exercise *e, const char *file, const ll_check_opts *o,
           ll_result *r)
{
    (void)file;
    checks++;
    if (fake_trace != NULL && o->trace_out != NULL) {
        FILE *f = fopen(o->trace_out, "w");
        if (f != NULL) {
            fputs(fake_trace, f);
            fclose(f);
        }
    }
    ll_result_init(r);
    r->exercise = ll_strdup(e->id);
    if (fake_pass) {
        r->verdict = LL_VERDICT_PASS;
        r->vtime = 1.0;
        ll_result_add(r, "runs without error", 1, true, false, "", "");
        ll_result_add(r, "finishes in 1 virtual second", 2, true, false, "",
                      "1.0");
        return LL_OK;
    }
    r->verdict = LL_VERDICT_FAIL;
    r->vtime = 3.0;
    ll_result_add(r, "runs without error", 1, true, false, "", "");
    ll_result_add(r, "finishes in 1 virtual second", 2, false, false,
                  "Took 3.0 virtual seconds: the fetches ran one after "
                  "another. Start all three, then await them together "
                  "(asyncio.gather).", "3.0");
    if (fake_notice) {
        ll_result_set_hint(r, 2);
        r->notice = ll_strdup("coroutine 'fetch' was never awaited (line "
                              "12): call it with `await fetch(...)`\n"
                              "Python warned:\n  RuntimeWarning: coroutine "
                              "'fetch' was never awaited");
        r->python = ll_strdup("3.12.1 (/opt/py/bin/python3, from "
                              "LOOPLAB_PYTHON)");
    }
    ll_result_add(r, "prints every page", 1, false, true, "secret", "");
    return LL_OK;
}

static int
fake_ws_ensure(const ll_exercise *e, char **path)
{
    *path = ll_asprintf("/home/student/looplab/%s/%s", e->id, e->file);
    return LL_OK;
}

static char *
fake_hash(const char *path)
{
    (void)path;
    return ll_strdup("0123456789abcdef");
}

int resets;

static int
fake_reset(const ll_exercise *e, char **backup)
{
    resets++;
    *backup = ll_asprintf("/home/student/.local/state/looplab/backups/%s",
                          e->file);
    return LL_OK;
}

double fake_clock = 1.7e9;

static double
fake_now(void)
{
    return fake_clock;     /* moved by the tests only */
}

static char *
fake_run_path(const ll_exercise *e)
{
    (void)e;
    return NULL;      /* no saved runs (never the tester's home) */
}

const char *fake_trace;

const ll_app_ops fake_ops = { fake_run, fake_check, fake_ws_ensure,
                                     fake_hash, fake_reset, fake_now,
                                     fake_run_path };

/* {==== golden files ====} */

/* Print the rows that differ (want / got), then the whole new screen:
 * enough to see what changed without a diff tool. */
static void
golden_diff(const char *path, const char *want, const char *got)
{
    const char *a = want, *b = got;
    int row = 0;

    print_error("golden %s differs (tests/golden/regen.sh accepts the new "
                "screens):\n", path);
    while (*a || *b) {
        size_t na = strcspn(a, "\n"), nb = strcspn(b, "\n");
        if (na != nb || strncmp(a, b, na) != 0)
            print_error("  row %2d want |%.*s|\n         got  |%.*s|\n", row,
                        (int)na, a, (int)nb, b);
        a += na + (a[na] == '\n');
        b += nb + (b[nb] == '\n');
        row++;
    }
    print_error("got:\n%s", got);
}

void
golden_one(ll_app *app, int w, int h, const char *name)
{
    ll_screen *s = NULL;
    char *got, *want = NULL, *path;
    const char *upd = getenv("LL_UPDATE_GOLDEN");
    int ow = app->w, oh = app->h;

    ll_app_resize(app, w, h);
    assert_int_equal(ll_screen_new(w, h, &s), LL_OK);
    ll_view_draw(app, s);
    got = ll_screen_to_text(s);
    assert_non_null(got);
    path = ll_asprintf("%s/tests/golden/%s_%dx%d.txt", tu_srcdir(), name, w,
                       h);
    if (upd != NULL && strcmp(upd, "1") == 0) {
        tu_write(path, got);
    } else {
        if (ll_read_file(path, &want, NULL) != LL_OK)
            fail_msg("missing golden %s (run with LL_UPDATE_GOLDEN=1)", path);
        if (strcmp(want, got) != 0) {
            golden_diff(path, want, got);
            fail();
        }
    }
    /* The cursor sits on the screen, on the focused item. */
    assert_true(s->cur_x >= 0 && s->cur_x < w && s->cur_y >= 0 &&
                s->cur_y < h);
    ll_free(want);
    ll_free(got);
    ll_free(path);
    ll_screen_free(s);
    ll_app_resize(app, ow, oh);
}

/* Every screen is checked at 80x24 and, from the same state, at 120x40:
 * the two sizes the issue asks every view to be seen at. */
void
golden(ll_app *app, int w, int h, const char *name)
{
    golden_one(app, w, h, name);
    if (w == 80 && h == 24)
        golden_one(app, 120, 40, name);
}

void
apply(ll_app *app, const ll_action *acts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ll_app_apply(app, acts[i]);
        /* Effects the sink would perform: RUN and CHECK run here. */
        if (app->effect == LL_EFFECT_RUN || app->effect == LL_EFFECT_CHECK)
            ll_app_effect_done(app, 0);
    }
}
int
views_setup(void **state)
{
    (void)state;
    build_course();
    return 0;
}

int
views_teardown(void **state)
{
    (void)state;
    free_course();
    return 0;
}

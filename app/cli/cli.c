/* SPDX-License-Identifier: MIT
 * app/cli/cli.c -- the `looplab` subcommands.
 *
 * Every command loads the course and opens the store itself, so a broken
 * course file or an unreadable DB is reported with its path by the command
 * that needs it. Checks never hold a store transaction: the attempt is
 * begun, the submission graded, then the attempt finished.
 */
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <langinfo.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grader/check.h"
#include "grader/sandbox.h"
#include "course/course.h"
#include "engine/lua/run.h"
#include "store/store.h"
#include "engine/trace.h"
#include "engine/watch.h"
#include "app/tui/app.h"
#include "app/tui/md.h"
#include "app/tui/tui.h"
#include "app/tui/view.h"
#include "course/diff.h"
#include "course/workspace.h"

/* {=================== output style ===================} */

static bool
cli_color(void)
{
    const char *nc = getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && !(nc && *nc);
}

static bool
cli_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && strcmp(cs, "UTF-8") == 0;
}

static const char *
cli_mark(bool ok)
{
    bool c = cli_color(), u = cli_utf8();
    if (ok)
        return c ? (u ? "\033[32m✓ PASS\033[0m" : "\033[32m[ok] PASS\033[0m")
                 : (u ? "✓ PASS" : "[ok] PASS");
    return c ? (u ? "\033[31m✗ FAIL\033[0m" : "\033[31m[FAIL]\033[0m")
             : (u ? "✗ FAIL" : "[FAIL]");
}

static void
cli_indent(FILE *f, const char *text, const char *pad)
{
    const char *p = text;
    while (p && *p) {
        size_t n = strcspn(p, "\n");
        fprintf(f, "%s%.*s\n", pad, (int)n, p);
        p += n + (p[n] == '\n');
    }
}

/* {=================== shared set-up ===================} */

/* Moved to cli_util.c so the commands in their own files share them. */
static ll_course *
cli_course(void)
{
    return ll_cli_course();
}

static ll_store *
cli_store(bool quiet)
{
    return ll_cli_store(quiet);
}

static int
cli_usage_error(const char *cmd, const char *msg)
{
    return ll_cli_usage_error(cmd, msg);
}

static const ll_exercise *
cli_exercise(const ll_course *c, const char *cmd, const char *id)
{
    const ll_exercise *ex = ll_course_exercise(c, id);
    if (ex == NULL)
        ll_cli_unknown_id(c, cmd, 'e', id);
    return ex;
}

/* The shared preamble of `hint/reset/solution ID`: check the arguments,
 * load the course, find the exercise. On failure returns NULL with *rc set
 * to the exit code (the message is already printed). */
static const ll_exercise *
cli_exercise_arg(int argc, char **argv, ll_course **c, int *rc)
{
    const ll_exercise *ex;
    *c = NULL;
    if (argc != 2) {
        char *usage = ll_asprintf("usage: looplab %s ID", argv[0]);
        *rc = cli_usage_error(argv[0], usage ? usage : "usage error");
        ll_free(usage);
        return NULL;
    }
    if ((*c = cli_course()) == NULL) {
        *rc = ll_cli_course_exit();
        return NULL;
    }
    if ((ex = cli_exercise(*c, argv[0], argv[1])) == NULL) {
        ll_course_free(*c);
        *c = NULL;
        *rc = LL_EXIT_USAGE;
    }
    return ex;
}

/* {=================== list / progress ===================} */

static json_t *
cli_status_json(const ll_course *c, ll_store *st)
{
    json_t *lessons = json_array();
    size_t i, j;
    for (i = 0; i < c->nlessons; i++) {
        const ll_lesson *l = &c->lessons[i];
        json_t *exs = json_array(), *demos = json_array(), *lo;
        int seen = 0;
        double secs = 0;
        ll_quiz_status qs = { 0, 0, 0 };
        if (st) {
            char key[96], *v = NULL;
            ll_store_lesson_pages_seen(st, l->id, &seen);
            ll_store_quiz_status(st, l->id, &qs);
            snprintf(key, sizeof key, "time.%s", l->id);
            if (ll_store_kv_get(st, key, &v) == LL_OK && v)
                secs = strtod(v, NULL);
            ll_free(v);
        }
        for (j = 0; j < l->nexercises; j++) {
            const ll_exercise *e = &l->exercises[j];
            ll_ex_status es;
            memset(&es, 0, sizeof es);
            if (st)
                ll_store_exercise_status(st, e->id, &es);
            json_array_append_new(exs, json_pack(
                "{s:s, s:s, s:s, s:b, s:s, s:i, s:i}", "id", e->id,
                "title", e->title, "kind", ll_ex_kind_name(e->kind),
                "optional", e->optional,
                "status", es.passed ? "passed" : es.attempts ? "attempted"
                                                             : "new",
                "attempts", es.attempts, "hints_shown", es.hints_shown));
        }
        for (j = 0; j < l->ndemos; j++)
            json_array_append_new(demos, json_pack("{s:s, s:s}", "id",
                                  l->demos[j].id, "title", l->demos[j].title));
        lo = json_pack("{s:s, s:s, s:i, s:s, s:i, s:i, s:o, s:o, "
                       "s:{s:i, s:i, s:i}, s:f}",
                       "id", l->id, "title", l->title, "week", l->week,
                       "summary", l->summary, "pages", (int)l->npages,
                       "pages_seen", seen, "exercises", exs, "demos", demos,
                       "quiz", "questions", (int)l->nquiz,
                       "answered", qs.answered, "correct", qs.correct,
                       "time_spent_s", secs);
        json_array_append_new(lessons, lo);
    }
    return json_pack("{s:s, s:o}", "course", c->root, "lessons", lessons);
}

static bool
cli_has_flag(int argc, char **argv, const char *flag)
{
    int i;
    for (i = 1; i < argc; i++)
        if (strcmp(argv[i], flag) == 0)
            return true;
    return false;
}

/* Terminal columns of UTF-8 text: one per code point (titles hold no
 * wide characters), so "—" pads like one column, not three bytes. */
static int
cli_text_cols(const char *s)
{
    int n = 0;
    for (; s != NULL && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void
cli_print_padded(const char *s, int width)
{
    int n = cli_text_cols(s);
    fputs(s ? s : "", stdout);
    for (; n < width; n++)
        putchar(' ');
}

static size_t
cli_optional_count(const ll_course *c)
{
    size_t i, j, n = 0;
    for (i = 0; i < c->nlessons; i++)
        for (j = 0; j < c->lessons[i].nexercises; j++)
            n += c->lessons[i].exercises[j].optional;
    return n;
}

static int
cli_list_or_progress(int argc, char **argv, bool progress)
{
    ll_course *c;
    ll_store *st;
    size_t i, j;
    int k;

    for (k = 1; k < argc; k++)
        if (strcmp(argv[k], "--json") != 0)
            return cli_usage_error(argv[0], "the only option is --json");
    if ((c = cli_course()) == NULL)
        return ll_cli_course_exit();
    st = cli_store(false);
    if (cli_has_flag(argc, argv, "--json")) {
        json_t *o = cli_status_json(c, st);
        if (progress)
            ll_cli_progress_competencies_json(c, st, o);
        json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(o);
    } else {
        int week = 0, done = 0, total = 0, lw = 0, ew = 0;
        /* Columns as wide as the longest title, so a long one never runs
         * into the status after it. */
        for (i = 0; i < c->nlessons; i++) {
            const ll_lesson *l = &c->lessons[i];
            if (cli_text_cols(l->title) > lw)
                lw = cli_text_cols(l->title);
            for (j = 0; j < l->nexercises; j++)
                if (cli_text_cols(l->exercises[j].title) > ew)
                    ew = cli_text_cols(l->exercises[j].title);
        }
        for (i = 0; i < c->nlessons; i++) {
            const ll_lesson *l = &c->lessons[i];
            int seen = 0;
            ll_quiz_status qs = { 0, 0, 0 };
            if (st) {
                ll_store_lesson_pages_seen(st, l->id, &seen);
                ll_store_quiz_status(st, l->id, &qs);
            }
            if (l->week != week) {
                printf("%sWeek %d\n", week ? "\n" : "", l->week);
                week = l->week;
            }
            printf("  %-5s ", l->id);
            cli_print_padded(l->title, lw);
            printf(" pages %d/%zu", seen, l->npages);
            if (l->nquiz)
                printf("  quiz %d/%zu", qs.correct, l->nquiz);
            putchar('\n');
            for (j = 0; j < l->nexercises; j++) {
                const ll_exercise *e = &l->exercises[j];
                ll_ex_status es;
                memset(&es, 0, sizeof es);
                if (st)
                    ll_store_exercise_status(st, e->id, &es);
                /* an optional extra is listed, marked, never counted */
                total += !e->optional;
                done += es.passed && !e->optional;
                printf("        %-6s %-6s ", e->id, ll_ex_kind_name(e->kind));
                cli_print_padded(e->title, ew);
                printf(" %s%s\n", es.passed ? "passed"
                                   : es.attempts ? "attempted" : "new",
                       e->optional ? "  (optional)" : "");
            }
            if (!progress)
                for (j = 0; j < l->ndemos; j++)
                    printf("        demo   %s: %s\n", l->demos[j].id,
                           l->demos[j].title);
        }
        printf("\n%d of %d exercises passed%s\n", done, total,
               cli_optional_count(c) ? " (optional ones not counted)" : "");
        if (progress)
            ll_cli_progress_competencies(c, st, stdout);
    }
    ll_store_close(st);
    ll_course_free(c);
    return LL_EXIT_OK;
}

static int cli_list(int argc, char **argv) { return cli_list_or_progress(argc, argv, false); }
static int cli_progress(int argc, char **argv) { return cli_list_or_progress(argc, argv, true); }

/* {=================== lesson ===================} */

static int
cli_lesson(int argc, char **argv)
{
    ll_course *c;
    ll_store *st;
    const ll_lesson *l;
    bool plain = cli_has_flag(argc, argv, "--plain") || !ll_tui_usable();
    bool mark;
    const char *id = NULL;
    int i, rc = LL_EXIT_OK;
    size_t p;

    for (i = 1; i < argc; i++) {
        if (argv[i][0] != '-' && id == NULL)
            id = argv[i];
        else if (strcmp(argv[i], "--plain") != 0)
            return cli_usage_error("lesson", "usage: looplab lesson ID [--plain]");
    }
    if (id == NULL)
        return cli_usage_error("lesson", "usage: looplab lesson ID [--plain]");
    if ((c = cli_course()) == NULL)
        return ll_cli_course_exit();
    if ((l = ll_course_lesson(c, id)) == NULL) {
        ll_cli_unknown_id(c, "lesson", 'l', id);
        ll_course_free(c);
        return LL_EXIT_USAGE;
    }
    st = cli_store(!plain);
    mark = isatty(STDOUT_FILENO);
    if (!plain) {
        rc = ll_tui_main(c, st, l->id);
    } else {
        printf("Lesson %s: %s\n", l->id, l->title);
        for (p = 0; p < l->npages; p++) {
            char *md, *text;
            if (ll_read_file(l->pages[p].path, &md, NULL) != LL_OK) {
                fprintf(stderr, "looplab lesson: cannot read %s\n",
                        l->pages[p].path);
                rc = LL_EXIT_INTERNAL;
                continue;
            }
            text = ll_md_render_plain(md, 80);
            printf("\n--- page %zu/%zu ---\n\n%s", p + 1, l->npages,
                   text ? text : md);
            ll_free(text);
            ll_free(md);
            /* A page counts as read when a person saw it: printed whole to
             * a terminal. Into a pipe or a file (`| head`, a script) it
             * may never be read, so nothing is recorded. */
            if (st && mark && fflush(stdout) == 0) {
                ll_store_page_seen(st, l->id, (int)p, (int)l->npages);
                ll_cli_study(st, l->id);
            }
        }
        if (l->ndemos || l->nexercises || l->nquiz) {
            printf("\n--- next ---\n");
            for (p = 0; p < l->ndemos; p++)
                printf("  looplab demo %s --plain     %s\n", l->demos[p].id,
                       l->demos[p].title);
            for (p = 0; p < l->nexercises; p++) {
                char *path = ll_ws_file(&l->exercises[p]);
                printf("  looplab check %s            %s\n",
                       l->exercises[p].id, l->exercises[p].title);
                /* the student meets the exercise here: its file exists
                 * from now on, and this says where */
                if (path != NULL && ll_ws_ensure(&l->exercises[p], NULL) ==
                    LL_OK)
                    printf("        your file: %s\n", path);
                ll_free(path);
            }
            if (l->nquiz)
                printf("  looplab quiz %s --plain      the quiz: %zu "
                       "questions\n", l->id, l->nquiz);
        }
    }
    ll_store_close(st);
    ll_course_free(c);
    return rc;
}

/* {=================== demo / run ===================} */

static int
cli_parse_knob(const ll_demo *d, const char *kv, ll_knob_value *out)
{
    const char *eq = strchr(kv, '=');
    size_t i;
    char *end;
    if (eq == NULL)
        return LL_EINVAL;
    for (i = 0; i < d->nknobs; i++) {
        if (strlen(d->knobs[i].name) == (size_t)(eq - kv) &&
            strncmp(d->knobs[i].name, kv, (size_t)(eq - kv)) == 0) {
            out->name = d->knobs[i].name;
            out->value = strtod(eq + 1, &end);
            if (*end != '\0' || end == eq + 1 || out->value < d->knobs[i].min ||
                out->value > d->knobs[i].max)
                return LL_EINVAL;
            return LL_OK;
        }
    }
    return LL_ENOENT;
}

/* Say what --set accepts: the knob's range, or the demo's knobs. */
static void
cli_knob_error(const ll_demo *d, const char *kv, int why)
{
    size_t i, len = strcspn(kv, "=");
    const char *names[32];

    if (why == LL_ENOENT || kv[len] != '=') {
        char *name = ll_strndup(kv, len);
        const char *pick;
        for (i = 0; i < d->nknobs && i < LL_COUNTOF(names); i++)
            names[i] = d->knobs[i].name;
        pick = name ? ll_cli_suggest(name, names, i) : NULL;
        if (d->nknobs == 0)
            fprintf(stderr, "looplab demo: --set %s: demo %s has no knobs\n",
                    kv, d->id);
        else if (kv[len] != '=')
            fprintf(stderr, "looplab demo: --set %s: write --set NAME=VALUE\n",
                    kv);
        else if (pick)
            fprintf(stderr, "looplab demo: --set %s: no knob '%s' (did you "
                            "mean '%s'?)\n", kv, name, pick);
        else
            fprintf(stderr, "looplab demo: --set %s: this demo has no such "
                            "knob\n", kv);
        ll_free(name);
    }
    for (i = 0; i < d->nknobs; i++) {
        const ll_knob *k = &d->knobs[i];
        if (why == LL_ENOENT || kv[len] != '=' ||
            (strlen(k->name) == len && strncmp(k->name, kv, len) == 0)) {
            if (why != LL_ENOENT && kv[len] == '=')
                fprintf(stderr, "looplab demo: --set %s: value missing or "
                                "out of range\n", kv);
            fprintf(stderr, "  %s: %s, %g to %g (default %g)\n", k->name,
                    k->label ? k->label : k->name, k->min, k->max, k->value);
        }
    }
}

static void
cli_print_run_error(const ll_run_result *res)
{
    const char *e = res->error ? res->error : "?";
    /* aio's deadlock report names itself ("deadlock: every task...") */
    if (res->status == LL_EDEADLK && strncmp(e, "deadlock:", 9) == 0)
        fprintf(stderr, "%s\n", e);
    else
        fprintf(stderr, "%s: %s\n", res->status == LL_EDEADLK ? "deadlock"
                                                              : "error", e);
}

static int
cli_demo(int argc, char **argv)
{
    static const struct option opts[] = {
        { "plain", no_argument, 0, 'p' }, { "speed", required_argument, 0, 's' },
        { "set", required_argument, 0, 'k' }, { 0, 0, 0, 0 }
    };
    ll_course *c;
    const ll_demo *d;
    ll_knob_value knobs[16];
    const char *sets[16];
    size_t nknobs = 0, nsets = 0, i;
    bool plain = !ll_tui_usable();
    int ch, rc = LL_EXIT_OK;

    optind = 0;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (ch == 'p')
            plain = true;
        else if (ch == 's') {
            /* Playback speed only matters on screen; --plain runs on the
             * virtual clock. Still refuse nonsense rather than ignore it. */
            char *end;
            double sp = strtod(optarg, &end);
            if (*end != '\0' || !(sp > 0))
                return cli_usage_error("demo", "--speed takes a positive "
                                       "number");
        }
        else if (ch == 'k' && nsets < LL_COUNTOF(sets))
            sets[nsets++] = optarg;
        else if (ch == '?')
            return ll_cli_bad_option("demo", argv, opts, "usage: looplab demo "
                                     "ID [--plain] [--speed X] [--set key=value]...");
        else
            return cli_usage_error("demo", "usage: looplab demo ID [--plain] "
                                   "[--speed X] [--set key=value]...");
    }
    if (optind != argc - 1)
        return cli_usage_error("demo", "usage: looplab demo ID [--plain] "
                               "[--speed X] [--set key=value]...");
    if ((c = cli_course()) == NULL)
        return ll_cli_course_exit();
    if ((d = ll_course_demo(c, argv[optind])) == NULL) {
        ll_cli_unknown_id(c, "demo", 'd', argv[optind]);
        ll_course_free(c);
        return LL_EXIT_USAGE;
    }
    for (i = 0; i < nsets; i++) {
        int k = cli_parse_knob(d, sets[i], &knobs[nknobs]);
        if (k != LL_OK) {
            cli_knob_error(d, sets[i], k);
            ll_course_free(c);
            return LL_EXIT_USAGE;
        }
        nknobs++;
    }
    if (!plain) {
        ll_store *st = cli_store(true);
        rc = ll_tui_main(c, st, d->id);
        ll_store_close(st);
    } else {
        ll_run_opts o = { .clock = LL_CLOCK_VIRTUAL, .knobs = knobs,
                          .nknobs = nknobs, .max_instructions = 200000000L };
        ll_trace *tr = NULL;
        ll_buf out;
        ll_run_result res;
        ll_store *st = cli_store(true);
        ll_buf_init(&out);
        ll_trace_new(&tr);
        printf("Demo %s: %s\n\n", d->id, d->title);
        if (ll_run_file(d->script, &o, tr, &out, &res) != LL_OK ||
            res.status != LL_OK) {
            cli_print_run_error(&res);
            rc = LL_EXIT_INTERNAL;
        } else {
            char *tl = ll_view_timeline_plain(tr, 80);
            fputs(out.data ? out.data : "", stdout);
            printf("\n%s", tl ? tl : "");
            ll_free(tl);
            if (st) {
                ll_store_demo_run(st, d->id);
                ll_cli_study(st, d->lesson ? d->lesson->id : NULL);
            }
        }
        ll_run_result_close(&res);
        ll_trace_free(tr);
        ll_buf_close(&out);
        ll_store_close(st);
    }
    ll_course_free(c);
    return rc;
}

static int
cli_run(int argc, char **argv)
{
    static const struct option opts[] = {
        { "clock", required_argument, 0, 'c' }, { "seed", required_argument, 0, 's' },
        { "trace", required_argument, 0, 't' }, { "speed", required_argument, 0, 'x' },
        { "debug", no_argument, 0, 'd' }, { 0, 0, 0, 0 }
    };
    ll_run_opts o = { .clock = LL_CLOCK_VIRTUAL, .echo = true };
    const char *trace_path = NULL;
    ll_trace *tr = NULL;
    ll_run_result res;
    int ch, rc;
    char *end;

    optind = 0;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 'c':
            if (strcmp(optarg, "virtual") == 0)
                o.clock = LL_CLOCK_VIRTUAL;
            else if (strcmp(optarg, "real") == 0)
                o.clock = LL_CLOCK_REAL;
            else
                return cli_usage_error("run", "--clock must be virtual or real");
            break;
        case 's':
            o.seed = strtoull(optarg, &end, 10);
            if (*end != '\0')
                return cli_usage_error("run", "--seed takes a whole number");
            break;
        case 'x':
            o.speed = strtod(optarg, &end);
            if (*end != '\0' || !(o.speed > 0))
                return cli_usage_error("run", "--speed takes a positive number");
            break;
        case 't':
            trace_path = optarg;
            break;
        case 'd':
            o.debug = true;
            break;
        default:
            return ll_cli_bad_option("run", argv, opts, "usage: looplab run "
                "FILE.lua [--clock virtual|real] [--seed N] [--trace FILE] "
                "[--debug]");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("run", "usage: looplab run FILE.lua "
            "[--clock virtual|real] [--seed N] [--trace FILE] [--debug]");
    if (ll_trace_new(&tr) != LL_OK)
        return LL_EXIT_INTERNAL;
    rc = ll_run_file(argv[optind], &o, tr, NULL, &res);
    if (rc != LL_OK) {
        fprintf(stderr, "looplab run: %s\n", res.error ? res.error
                                                       : ll_strerror(rc));
        rc = rc == LL_ENOENT ? LL_EXIT_USAGE : LL_EXIT_FAIL;
    } else if (res.status != LL_OK) {
        cli_print_run_error(&res);
        if (o.seed)
            fprintf(stderr, "(seed %llu: rerun with --seed %llu to replay)\n",
                    (unsigned long long)o.seed, (unsigned long long)o.seed);
        rc = LL_EXIT_FAIL;
    }
    if (trace_path != NULL) {
        FILE *f = fopen(trace_path, "w");
        bool bad = f == NULL || ll_trace_write_jsonl(tr, f) != LL_OK;
        if ((f && fclose(f) != 0) || bad) {
            fprintf(stderr, "looplab run: cannot write trace %s\n", trace_path);
            rc = LL_EXIT_INTERNAL;
        }
    }
    ll_run_result_close(&res);
    ll_trace_free(tr);
    return rc;
}

/* {=================== check / hint / reset / solution ===================} */

/* How a run that stopped is told: "Your program ran out of time:" and
 * its error. */
static void
cli_print_stop(const ll_result *r)
{
    printf("\n  Your %s:\n",
           ll_check_compile_error(r->error) ? "file does not compile"
           : r->verdict == LL_VERDICT_TLE ? "program ran out of time"
           : r->verdict == LL_VERDICT_MLE ? "program ran out of memory"
           : r->verdict == LL_VERDICT_OLE ? "program printed too much"
                                          : "program stopped with an error");
    cli_indent(stdout, r->error, "    ");
}

/* Under a failed check: the hint it names. Hints stay on request: one the
 * student has seen is repeated here, one not seen yet is pointed at. */
static void
cli_print_hint(const ll_exercise *ex, const ll_check_result *c, int shown)
{
    if (c->passed || c->hint <= 0 || (size_t)c->hint > ex->nhints)
        return;
    if (c->hint <= shown) {
        char *t = ll_asprintf("Hint %d: %s", c->hint, ex->hints[c->hint - 1]);
        cli_indent(stdout, t ? t : "", "          ");
        ll_free(t);
    } else {
        printf("          Hint %d may help: looplab hint %s %d\n", c->hint,
               ex->id, c->hint);
    }
}

static void
cli_print_result(const ll_exercise *ex, const char *file, const ll_result *r,
                 int hints_shown)
{
    size_t i, passed = ll_result_passed(r);
    bool stop_first = r->stopped && r->error && *r->error;

    printf("Checking %s (%s): %s\n", ex->id, ll_ex_kind_name(ex->kind), file);
    if (r->python && *r->python)
        printf("(ran on Python %s; the course is graded with Debian's "
               "python3 %s)\n", r->python, LL_CHECK_DEFAULT_PYTHON_VERSION);
    if (r->verdict == LL_VERDICT_INTERNAL) {
        printf("\n! ERROR  looplab could not grade this (not your fault):\n");
        cli_indent(stdout, r->error, "         ");
        return;
    }
    /* What to fix first comes first: a never-awaited coroutine, or the
     * error that kept every check from running (a syntax error). */
    if (r->notice && *r->notice) {
        printf("\nFirst, fix this:\n");
        cli_indent(stdout, r->notice, "  ");
        putchar('\n');
    }
    if (stop_first) {
        cli_print_stop(r);
        putchar('\n');
    }
    for (i = 0; i < r->nchecks; i++) {
        const ll_check_result *c = &r->checks[i];
        printf("  %s  %s\n", cli_mark(c->passed), c->name);
        if (!c->passed) {
            if (c->hidden)
                printf("          (hidden check: details are not shown)\n");
            else
                cli_indent(stdout, c->message, "          ");
            cli_print_hint(ex, c, hints_shown);
        }
    }
    if (!stop_first && r->verdict != LL_VERDICT_PASS &&
        r->verdict != LL_VERDICT_FAIL && r->error && *r->error)
        cli_print_stop(r);
    if (r->vtime > 0)
        printf("\n(%.3g virtual seconds, graded in %.2f s)\n", r->vtime,
               r->wall);
    else
        printf("\n(graded in %.2f s)\n", r->wall);
    if (r->verdict == LL_VERDICT_PASS)
        printf("All checks pass. See the reference: looplab solution %s\n",
               ex->id);
    else
        printf("Stuck? looplab hint %s\n", ex->id);
    printf("%zu passed, %zu failed\n", passed, r->nchecks - passed);
}

static json_t *
cli_result_json(const ll_exercise *ex, const ll_result *r)
{
    json_t *tests = json_array();
    size_t i;
    const char *status = r->verdict == LL_VERDICT_PASS ? "pass"
                       : r->verdict == LL_VERDICT_FAIL ? "fail" : "error";
    for (i = 0; i < r->nchecks; i++) {
        const ll_check_result *c = &r->checks[i];
        json_t *t = json_pack(
            "{s:s, s:s, s:s?, s:s?, s:f, s:b}", "name", c->name,
            "status", c->passed ? "pass" : "fail",
            "message", c->passed || c->hidden ? NULL : c->message,
            "measured", c->hidden ? NULL : c->measured, "points", c->points,
            "hidden", c->hidden);
        /* the hint that helps (1-based, `looplab hint ID N`), when failed */
        if (t != NULL && !c->passed && c->hint > 0
            && (size_t)c->hint <= ex->nhints)
            json_object_set_new(t, "hint", json_integer(c->hint));
        json_array_append_new(tests, t);
    }
    return json_pack("{s:i, s:s, s:s, s:s, s:s?, s:s*, s:s*, s:f, s:f, s:f, "
                     "s:f, s:I, s:s, s:o}",
                     "version", 3, "exercise", ex->id, "status", status,
                     "verdict", ll_verdict_name(r->verdict),
                     "message", r->error && *r->error ? r->error : NULL,
                     "notice", r->notice && *r->notice ? r->notice : NULL,
                     "python", r->python && *r->python ? r->python : NULL,
                     "vtime", r->vtime, "wall", r->wall,
                     "score", ll_result_score(r), "max_score", ll_result_max(r),
                     "seed", (json_int_t)r->seed,
                     "sandbox", r->sandbox ? r->sandbox : "",
                     "tests", tests);
}

static bool
cli_file_exists(const ll_exercise *ex)
{
    char *path = ll_ws_file(ex);
    bool yes = path != NULL && access(path, F_OK) == 0;
    ll_free(path);
    return yes;
}

static int
cli_check(int argc, char **argv)
{
    static const struct option opts[] = {
        { "json", no_argument, 0, 'j' }, { "file", required_argument, 0, 'f' },
        { "seed", required_argument, 0, 's' }, { "trace", required_argument, 0, 't' },
        { "watch", no_argument, 0, 'w' }, { 0, 0, 0, 0 }
    };
    ll_check_opts co = { .timeout_s = 10 };
    ll_watch *w = NULL;
    char *run_path = NULL;
    bool watch = false;
    const char *file_opt = NULL;
    bool json = false;
    ll_course *c;
    const ll_exercise *ex;
    ll_store *st;
    ll_result r;
    char *file = NULL, *hash;
    int64_t attempt = 0;
    bool created = false;
    int ch, rc;

    optind = 0;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (ch == 'j')
            json = true;
        else if (ch == 'f')
            file_opt = optarg;
        else if (ch == 's') {
            char *end;
            co.seed = strtoull(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0')
                return cli_usage_error("check", "--seed takes a whole number");
        }
        else if (ch == 't')
            co.trace_out = optarg;
        else if (ch == 'w')
            watch = true;
        else
            return ll_cli_bad_option("check", argv, opts, "usage: looplab check "
                                     "ID [--json] [--file PATH] [--seed N] "
                                     "[--trace FILE] [--watch]");
    }
    if (optind != argc - 1)
        return cli_usage_error("check", "usage: looplab check ID [--json] "
                               "[--file PATH] [--seed N] [--trace FILE] [--watch]");
    if ((c = cli_course()) == NULL)
        return ll_cli_course_exit();
    if ((ex = cli_exercise(c, "check", argv[optind])) == NULL) {
        ll_course_free(c);
        return LL_EXIT_USAGE;
    }
    if (file_opt != NULL) {
        /* Absolute: the grader runs the submission from its own folder,
         * where a relative path no longer names it. */
        file = realpath(file_opt, NULL);
        if (file == NULL) {
            fprintf(stderr, "looplab check: --file: cannot read %s\n",
                    file_opt);
            ll_course_free(c);
            return LL_EXIT_USAGE;
        }
    } else {
        created = !cli_file_exists(ex);
        if (ll_ws_ensure(ex, &file) != LL_OK) {
            fprintf(stderr, "looplab check: cannot create the workspace file "
                            "for %s under %s\n", ex->id,
                    getenv("LOOPLAB_HOME") ? getenv("LOOPLAB_HOME")
                                           : "~/looplab");
            ll_course_free(c);
            return LL_EXIT_INTERNAL;
        }
    }
    if (created && !json)
        fprintf(stderr, "looplab check: created %s from the starter (it is "
                "yours to edit: the starter is what is checked now)\n", file);
    if (access(file, R_OK) != 0) {
        fprintf(stderr, "looplab check: cannot read %s\n", file);
        ll_free(file);
        ll_course_free(c);
        return LL_EXIT_USAGE;
    }
    /* The student's own run, for "show my run" (t in the TUI, or
     * `looplab trace show`): saved unless a path was asked for. */
    if (co.trace_out == NULL && file_opt == NULL)
        co.trace_out = run_path = ll_app_run_path(ex);
    st = cli_store(json);
    if (watch && (rc = ll_watch_new(file, &w)) != LL_OK) {
        fprintf(stderr, "looplab check: cannot watch %s: %s\n", file,
                ll_strerror(rc));
        ll_free(file);
        ll_store_close(st);
        ll_course_free(c);
        return LL_EXIT_INTERNAL;
    }
    /* SIGINT/SIGTERM/SIGHUP tear the run down (its tree killed, its
     * attempt folder removed: sandbox.h) and end the command with exit 2,
     * in watch mode too, instead of killing us mid-run and leaving a
     * submission's daemon behind. No SA_RESTART: the watch wait returns. */
    ll_sandbox_catch_signals();
    {
        char *db = ll_store_default_path();   /* nor the progress database */
        (void)ll_sandbox_hide(db);
        ll_free(db);
    }
    for (;;) {
        if (w != NULL)
            ll_watch_sync(w);   /* saves from now on trigger the next run */
        /* Two short transactions around the run, never one held across it. */
        hash = ll_ws_hash(file);
        attempt = 0;
        if (st && file_opt == NULL &&
            ll_store_attempt_begin(st, ex->id, hash ? hash : "", &attempt) != LL_OK)
            attempt = 0;
        rc = ll_check_run(ex, file, &co, &r);
        if (rc == LL_OK && st && attempt) {
            ll_store_attempt_finish(st, attempt, &r, ll_check_sandbox_level());
            ll_cli_study(st, ex->lesson ? ex->lesson->id : NULL);
        }
        /* --trace FILE asked for a file: say when it could not be written
         * (the student's own run_path is a convenience, kept quiet). */
        bool trace_lost = rc == LL_OK && co.trace_out != NULL
                          && co.trace_out != run_path && r.trace_path == NULL
                          && r.verdict != LL_VERDICT_INTERNAL;
        if (trace_lost)
            fprintf(stderr, "looplab check: cannot write the trace to %s\n",
                    co.trace_out);
        if (rc == LL_ECANCELED) {
            fprintf(stderr, "looplab check: interrupted by signal %d; the "
                    "run was stopped and cleaned up\n",
                    ll_sandbox_interrupted());
            ll_result_close(&r);
            ll_free(hash);
            rc = LL_EXIT_INTERRUPTED;
            break;
        } else if (rc != LL_OK) {
            fprintf(stderr, "looplab check: %s\n", ll_strerror(rc));
            rc = LL_EXIT_INTERNAL;
        } else {
            json_t *o = json ? cli_result_json(ex, &r) : NULL;
            char *text = o ? json_dumps(o, JSON_INDENT(2)
                                        | JSON_PRESERVE_ORDER) : NULL;
            rc = r.verdict == LL_VERDICT_PASS ? LL_EXIT_OK
               : r.verdict == LL_VERDICT_INTERNAL ? LL_EXIT_INTERNAL : LL_EXIT_FAIL;
            if (json && text == NULL) {
                fprintf(stderr, "looplab check: cannot build the JSON "
                        "result (out of memory)\n");
                rc = LL_EXIT_INTERNAL;
            } else if (json) {
                /* A lost result must not read as pass (0) or fail (1). */
                char *line = ll_asprintf("%s\n", text);
                if (line == NULL || ll_cli_write_out("check",
                        "the JSON result", line, strlen(line)) != LL_EXIT_OK)
                    rc = LL_EXIT_INTERNAL;
                free(line);
            } else {
                ll_ex_status es;
                memset(&es, 0, sizeof es);
                if (st != NULL)
                    ll_store_exercise_status(st, ex->id, &es);
                cli_print_result(ex, file, &r, es.hints_shown);
            }
            free(text);
            json_decref(o);
            if (trace_lost)
                rc = LL_EXIT_INTERNAL;
        }
        ll_result_close(&r);
        ll_free(hash);
        hash = NULL;
        if (!watch)
            break;
        if (!json)
            printf("\nWatching %s: save it to check again (Ctrl-C stops).\n",
                   file);
        fflush(stdout);
        /* Watch mode ends only by a signal; its exit code says so. */
        int wr = ll_sandbox_interrupted() ? LL_ECANCELED : ll_watch_wait(w, -1);
        if (wr == LL_ECANCELED || ll_sandbox_interrupted()) {
            rc = LL_EXIT_INTERRUPTED;
            break;
        }
        if (wr < 0) {
            fprintf(stderr, "looplab check: watching %s failed: %s\n", file,
                    ll_strerror(wr));
            rc = LL_EXIT_INTERNAL;
            break;
        }
        if (!json)
            printf("\n%s changed: checking again\n\n", file);
    }
    ll_watch_free(w);
    ll_free(run_path);
    ll_free(file);
    ll_store_close(st);
    ll_course_free(c);
    return rc;
}

/* Where the student's file for ex is, created from the starter the first
 * time the student meets the exercise (and said so). */
static void
cli_your_file(const ll_exercise *ex)
{
    char *path = ll_ws_file(ex);
    bool had = cli_file_exists(ex);

    if (path != NULL && ll_ws_ensure(ex, NULL) == LL_OK)
        printf("Your file: %s%s\n", path,
               had ? "" : " (created from the starter: edit it in any "
                          "editor, then looplab check)");
    ll_free(path);
}

/* `looplab hint ID`: the next hint, after the ones already shown (hints
 * are progressive). `looplab hint ID N`: hint N, the one a failed check
 * points at ("Hint 2 may help: looplab hint 1.3b 2"). */
static int
cli_hint(int argc, char **argv)
{
    ll_course *c;
    const ll_exercise *ex;
    ll_store *st;
    ll_ex_status es;
    int next, i, rc = LL_EXIT_OK;
    long want = 0;

    if (argc == 3) {
        char *end;
        want = strtol(argv[2], &end, 10);
        if (*argv[2] == '\0' || *end != '\0' || want < 1)
            return cli_usage_error("hint", "usage: looplab hint ID [N] (N: "
                                   "the hint's number, 1, 2, ...)");
        argc = 2;
    }
    if ((ex = cli_exercise_arg(argc, argv, &c, &rc)) == NULL)
        return rc;
    if (want > (long)ex->nhints) {
        fprintf(stderr, "looplab hint: %s has %zu hint%s\n", ex->id,
                ex->nhints, ex->nhints == 1 ? "" : "s");
        ll_course_free(c);
        return LL_EXIT_USAGE;
    }
    st = cli_store(false);
    memset(&es, 0, sizeof es);
    if (st)
        ll_store_exercise_status(st, ex->id, &es);
    if (ex->nhints == 0) {
        printf("No hints for %s.\n", ex->id);
    } else if (want > 0) {
        printf("Hint %ld/%zu: %s\n", want, ex->nhints, ex->hints[want - 1]);
        if (st) {
            ll_store_hint_shown(st, ex->id, (int)want - 1);
            ll_cli_study(st, ex->lesson ? ex->lesson->id : NULL);
        }
    } else {
        /* Progressive: each call reveals one more, repeating earlier ones. */
        next = es.hints_shown < (int)ex->nhints ? es.hints_shown : (int)ex->nhints - 1;
        for (i = 0; i <= next; i++)
            printf("Hint %d/%zu: %s\n", i + 1, ex->nhints, ex->hints[i]);
        if (st) {
            ll_store_hint_shown(st, ex->id, next);
            ll_cli_study(st, ex->lesson ? ex->lesson->id : NULL);
        }
        if (next + 1 >= (int)ex->nhints)
            printf("(that was the last hint)\n");
    }
    cli_your_file(ex);
    ll_store_close(st);
    ll_course_free(c);
    return LL_EXIT_OK;
}

static int
cli_reset(int argc, char **argv)
{
    ll_course *c;
    const ll_exercise *ex;
    char *backup = NULL;
    int rc;

    if ((ex = cli_exercise_arg(argc, argv, &c, &rc)) == NULL)
        return rc;
    rc = ll_ws_reset(ex, &backup);
    if (rc == LL_OK)
        printf("%s is back to the starter.%s%s\n", ex->id,
               backup ? " Your old file is saved at " : "",
               backup ? backup : "");
    else
        fprintf(stderr, "looplab reset: %s\n", ll_strerror(rc));
    ll_free(backup);
    ll_course_free(c);
    return rc == LL_OK ? LL_EXIT_OK : LL_EXIT_INTERNAL;
}

/* The student's file against the reference, as a unified diff. */
static int
cli_solution_diff(const ll_exercise *ex)
{
    char *mine = ll_ws_file(ex), *ref = ll_ws_solution(ex);
    char *a = NULL, *b = NULL;
    ll_buf out;
    int rc = LL_EXIT_OK, d;

    ll_buf_init(&out);
    if (mine == NULL || ref == NULL || ll_read_file(ref, &b, NULL) != LL_OK) {
        fprintf(stderr, "looplab solution: cannot read the reference\n");
        rc = LL_EXIT_INTERNAL;
    } else if (ll_read_file(mine, &a, NULL) != LL_OK) {
        fprintf(stderr, "looplab solution: cannot read your file %s\n",
                mine);
        rc = LL_EXIT_USAGE;
    } else if ((d = ll_diff_unified(a, b, "yours", "reference", &out)) !=
               LL_OK) {
        fprintf(stderr, "looplab solution: cannot compare: %s\n",
                ll_strerror(d));
        rc = d == LL_ENOMEM ? LL_EXIT_INTERNAL : LL_EXIT_USAGE;
    } else if (out.len == 0) {
        printf("Your file and the reference are the same.\n");
    } else {
        printf("Your %s (-) against the reference (+):\n\n%s", mine,
               out.data);
    }
    ll_buf_close(&out);
    ll_free(a);
    ll_free(b);
    ll_free(mine);
    ll_free(ref);
    return rc;
}

static int
cli_solution(int argc, char **argv)
{
    ll_course *c;
    const ll_exercise *ex;
    ll_store *st;
    ll_ex_status es;
    char *path, *text = NULL;
    bool diff = false;
    int rc = LL_EXIT_OK;

    /* `solution ID --diff`: yours against the reference, as diff -u */
    if (argc == 3 && strcmp(argv[2], "--diff") == 0) {
        diff = true;
        argc = 2;
    } else if (argc == 3 && strcmp(argv[1], "--diff") == 0) {
        diff = true;
        argv[1] = argv[2];
        argc = 2;
    }
    if ((ex = cli_exercise_arg(argc, argv, &c, &rc)) == NULL)
        return rc;
    st = cli_store(false);
    memset(&es, 0, sizeof es);
    if (st)
        ll_store_exercise_status(st, ex->id, &es);
    if (!es.passed) {
        printf("The reference solution for %s opens once your own passes: "
               "looplab check %s\n", ex->id, ex->id);
        rc = LL_EXIT_FAIL;
    } else if (diff) {
        rc = cli_solution_diff(ex);
    } else {
        path = ll_ws_solution(ex);
        if (path && ll_read_file(path, &text, NULL) == LL_OK)
            fputs(text, stdout);
        else
            rc = LL_EXIT_INTERNAL;
        ll_free(text);
        ll_free(path);
    }
    ll_store_close(st);
    ll_course_free(c);
    return rc;
}

/* {=================== doctor / tui ===================} */

static int
cli_doctor(int argc, char **argv)
{
    char *harness = ll_check_harness_path(), *db = ll_store_default_path();
    char *root = ll_course_default_root(), *ws = ll_ws_root(), *err = NULL;
    char cmd[512];
    ll_course *c = NULL;
    ll_store *st = NULL;
    FILE *p;
    int bad = 0;
    (void)argc;
    (void)argv;

    printf("looplab %s\n", LL_VERSION);
    snprintf(cmd, sizeof cmd, "%s -I -c 'import sys; print(sys.version.split()[0])' 2>&1",
             ll_check_python());
    p = popen(cmd, "r");
    if (p != NULL && fgets(cmd, sizeof cmd, p) != NULL && pclose(p) == 0) {
        bool own = strcmp(ll_check_python(), LL_CHECK_DEFAULT_PYTHON) != 0;
        bool v311 = strncmp(cmd, LL_CHECK_DEFAULT_PYTHON_VERSION ".",
                            strlen(LL_CHECK_DEFAULT_PYTHON_VERSION) + 1) == 0;
        cmd[strcspn(cmd, "\n")] = '\0';
        printf("  %s python      %s (%s)\n", cli_mark(true), ll_check_python(), cmd);
        /* Which Python grades (README.md, "Which Python"). */
        if (own)
            printf("                     from LOOPLAB_PYTHON: your own "
                   "checks run on it and say so;\n                     "
                   "the course is graded with Debian's python3 %s (%s)\n",
                   LL_CHECK_DEFAULT_PYTHON_VERSION, LL_CHECK_DEFAULT_PYTHON);
        else
            printf("                     the course is graded with Debian's "
                   "python3 %s%s\n", LL_CHECK_DEFAULT_PYTHON_VERSION,
                   v311 ? "" : ": this one is another version, so some "
                   "results may differ");
    } else {
        if (p)
            pclose(p);
        printf("  %s python      %s not usable: install python3\n",
               cli_mark(false), ll_check_python());
        bad++;
    }
    printf("  %s harness     %s\n", cli_mark(access(harness, R_OK) == 0), harness);
    bad += access(harness, R_OK) != 0;
    if (ll_course_load(root, &c, &err) == LL_OK) {
        printf("  %s course      %s (%zu lessons)\n", cli_mark(true), root,
               c->nlessons);
    } else {
        printf("  %s course      %s\n", cli_mark(false), err ? err : root);
        bad++;
    }
    ll_free(err);
    err = NULL;
    if (ll_store_open(db, &st, &err) == LL_OK &&
        ll_store_integrity_check(st) == LL_OK) {
        printf("  %s progress    %s (schema %d, integrity ok)\n",
               cli_mark(true), db, ll_store_schema_version(st));
    } else {
        printf("  %s progress    %s\n", cli_mark(false), err ? err : db);
        bad++;
    }
    printf("  %s workspace   %s\n", cli_mark(true), ws);
    {
        ll_buf sb;
        ll_buf_init(&sb);
        ll_sandbox_describe(&sb);
        const char *d = sb.data ? sb.data : "", *nl = strchr(d, '\n');
        printf("  %s sandbox     %.*s\n", cli_mark(true),
               (int)(nl ? nl - d : (ptrdiff_t)strlen(d)), d);
        if (nl != NULL)
            cli_indent(stdout, nl + 1, "                     ");
        ll_buf_close(&sb);
    }
    printf("  %s terminal    TERM=%s, %s, colour %s\n", cli_mark(true),
           getenv("TERM") ? getenv("TERM") : "(unset)",
           isatty(STDOUT_FILENO) ? "a TTY" : "not a TTY",
           cli_color() ? "on" : "off (NO_COLOR or not a TTY)");
    ll_free(err);
    ll_store_close(st);
    ll_course_free(c);
    ll_free(harness);
    ll_free(db);
    ll_free(root);
    ll_free(ws);
    printf("%s\n", bad ? "Some checks failed: see above." : "All good.");
    return bad ? LL_EXIT_FAIL : LL_EXIT_OK;
}

static int
cli_tui(int argc, char **argv)
{
    ll_course *c;
    ll_store *st;
    int rc;
    (void)argc;
    (void)argv;
    if (!ll_tui_usable())
        return cli_progress(1, argv);
    if ((c = cli_course()) == NULL)
        return ll_cli_course_exit();
    st = cli_store(false);
    rc = ll_tui_main(c, st, NULL);
    ll_store_close(st);
    ll_course_free(c);
    return rc;
}

/* {=================== table ===================} */

static const struct {
    const char *name;
    ll_cli_fn   fn;
    const char *help;
} cli_cmds[] = {
    { "tui", cli_tui, NULL },
    { "list", cli_list, "list [--json]            lessons, demos, exercises and their status" },
    { "lesson", cli_lesson, "lesson ID [--plain]      read a lesson" },
    { "demo", cli_demo, "demo ID [--plain] [--set k=v]  run a lesson demo (timeline)" },
    { "run", cli_run, "run FILE.lua [--clock virtual|real] [--seed N] [--trace FILE] [--debug]" },
    { "check", cli_check, "check ID [--json] [--file PATH] [--watch]  grade your solution" },
    { "hint", cli_hint, "hint ID [N]              the next hint (N: that one)" },
    { "reset", cli_reset, "reset ID                 put the starter back (old file backed up)" },
    { "solution", cli_solution, "solution ID [--diff]     the reference, after you pass (--diff: against yours)" },
    { "search", ll_cli_search, "search WORDS...          find them in pages, exercises, quizzes and the glossary" },
    { "glossary", ll_cli_glossary, "glossary [TERM]          a term explained (no TERM: the list)" },
    { "progress", cli_progress, "progress [--json]        what you have done" },
    { "grade", ll_cli_grade, "grade SUBMISSIONS... --exercise ID [--jobs N] [--format text|json|exercism|junit|tap]\n"
      "                       [--gradebook DB] [--out DIR] [--force] [--seed N] [--shard K/N]   grade a class" },
    { "gradebook", ll_cli_gradebook, "gradebook export --format csv|canvas [--gradebook DB] [--item ID] [--roster CSV] | merge A.db B.db ... --into ALL.db" },
    { "trace", ll_cli_trace, "trace export FILE --format chrome|jsonl [--clock virtual|real] [-o OUT]\n"
      "                       trace show FILE [--plain]   replay a saved run as a timeline" },
    { "quiz", ll_cli_quiz, "quiz LESSON-ID [--plain]  take a lesson's quiz" },
    { "dev", ll_cli_dev, "dev new|lint|check [PATH...]  instructor kit: scaffold, lint, prove sound" },
    { "review", ll_cli_review, "review PATH... [--format review|text|json|sarif] [--select R] [--ignore R]\n"
      "                       review --rules   the asyncio anti-pattern linter (exit 0 clean, 1 findings, 2 usage)" },
    { "doctor", cli_doctor, "doctor                   python, course, database, terminal" },
    { "bench", ll_cli_bench, "bench FILE.lua [--n N]   one benchmark run (bench/run.sh)" },
};

const char *
ll_cli_suggest_command(const char *name)
{
    const char *names[LL_COUNTOF(cli_cmds)];
    size_t i;
    for (i = 0; i < LL_COUNTOF(cli_cmds); i++)
        names[i] = cli_cmds[i].help ? cli_cmds[i].name : NULL;
    return ll_cli_suggest(name, names, LL_COUNTOF(cli_cmds));
}

ll_cli_fn
ll_cli_find(const char *name)
{
    size_t i;
    for (i = 0; i < LL_COUNTOF(cli_cmds); i++)
        if (strcmp(cli_cmds[i].name, name) == 0)
            return cli_cmds[i].fn;
    return NULL;
}

void
ll_cli_usage(FILE *f)
{
    size_t i;
    fprintf(f, "looplab %s -- learn Python concurrency in the terminal\n\n"
               "usage: looplab                 open the course (TUI)\n",
            LL_VERSION);
    for (i = 0; i < LL_COUNTOF(cli_cmds); i++)
        if (cli_cmds[i].help)
            fprintf(f, "       looplab %s\n", cli_cmds[i].help);
    fprintf(f, "       looplab --help | --version\n\n"
               "Exit codes: 0 pass, 1 fail, 2 interrupted, 3 internal error, "
               "4 usage error.\n"
               "Environment: LOOPLAB_DB (progress database), LOOPLAB_HOME "
               "(workspace, default ~/looplab),\n"
               "  LOOPLAB_COURSE (course folder), LOOPLAB_EDITOR/VISUAL/EDITOR, "
               "NO_COLOR.\n");
}

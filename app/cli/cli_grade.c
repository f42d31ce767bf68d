/* SPDX-License-Identifier: MIT
 * app/cli/cli_grade.c -- `looplab grade` and `looplab gradebook`: the
 * instructor's side (issue 5).
 *
 *   looplab grade SUBMISSION... --exercise ID [--jobs N] [--format F]
 *                 [--gradebook DB] [--out DIR] [--force] [--seed N]
 *                 [--shard K/N]
 *
 * --shard K/N grades only the students of shard K (1..N), chosen by a hash
 * of the folder name (grader/batch.h): N machines (or a Slurm array, a
 * Kubernetes Indexed Job) each grade one shard into their own gradebook,
 * then `looplab gradebook merge` joins them.
 *   looplab gradebook export --format csv|canvas [--gradebook DB]
 *                 [--item ID] [--roster FILE.csv]
 *
 * grade exits 0 when grading ran, whatever the grades (Exercism's runner
 * contract); 3 when some submission hit a grader problem (INTERNAL: shown,
 * never stored as a grade, graded again next run); 2 when interrupted
 * (finished grades are kept); 4 on usage errors. The gradebook defaults to
 * ./gradebook.db: the grader never touches the instructor's own XDG data
 * (their progress database).
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "grader/batch.h"
#include "grader/check.h"
#include "course/course.h"
#include "grader/report.h"
#include "grader/sandbox.h"
#include "store/store.h"

#define GRADE_DEFAULT_DB "gradebook.db"

static ll_store *
grade_open_db(const char *path)
{
    ll_store *st = NULL;
    char *err = NULL;
    if (ll_store_open(path, &st, &err) != LL_OK) {
        fprintf(stderr, "looplab: cannot open the gradebook: %s\n",
                err ? err : "out of memory");
        st = NULL;
    }
    free(err);
    return st;
}

/* {============================ grade ============================} */

typedef struct grade_run {
    const ll_exercise *ex;
    ll_store          *db;
    const char        *checks_hash;
    const char        *sandbox;
    const char        *out_dir;
    ll_report_format   fmt;
    bool               bar;        /* progress bar on stderr (a TTY) */
    bool               per_line;   /* one text line per submission */
    int                internal;   /* INTERNAL results seen */
    int                db_errors;
} grade_run;

static void
grade_line(const ll_batch_sub *s, const char *note)
{
    const ll_result *r = &s->result;
    /* A folder name need not be UTF-8 (or printable): the lossless escape. */
    char *who = ll_report_name_escape(s->student);
    const char *name = who ? who : "?";

    if (s->state == LL_BATCH_MISSING && s->refused != NULL)
        printf("%-20s MISSING   refused: %s (only a regular file of the "
               "student's is graded)\n", name, s->refused);
    else if (s->state == LL_BATCH_MISSING)
        printf("%-20s MISSING   no file to grade\n", name);
    else
        printf("%-20s %-9s %zu/%zu checks  %g/%g points  %.2fs%s\n", name,
               ll_verdict_name(r->verdict), ll_result_passed(r), r->nchecks,
               ll_result_score(r), ll_result_max(r), r->wall, note);
    free(who);
    if (s->state == LL_BATCH_MISSING)
        return;
    if (r->verdict == LL_VERDICT_INTERNAL) {
        const char *p = r->error;
        printf("%-20s   grader problem:\n", "");
        while (*p) {
            size_t k = strcspn(p, "\n");
            printf("%-20s     %.*s\n", "", (int)k, p);
            p += k + (p[k] == '\n');
        }
    }
}

static void
grade_bar(size_t done, size_t todo)
{
    int width = 30, fill = todo ? (int)(done * (size_t)width / todo) : width;
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu graded", fill,
            "##############################", width - fill, "", done, todo);
    fflush(stderr);
}

static ll_report_sub
grade_sub(const grade_run *g, const ll_batch_sub *s)
{
    ll_report_sub r;
    r.student = s->student;
    r.item = g->ex->id;
    r.file = g->ex->file;
    r.sandbox = g->sandbox;
    r.hash = s->hash;
    r.graded_at = (int64_t)time(NULL);
    r.r = s->state == LL_BATCH_GRADED || s->state == LL_BATCH_CACHED
        ? &s->result : NULL;
    /* Still PENDING once the batch returned: it was interrupted. */
    r.skip = s->state == LL_BATCH_PENDING ? "the grading run was interrupted "
             "(run the same command to grade the rest)" : NULL;
    r.path = s->path;
    return r;
}

static void
grade_write_out(grade_run *g, const ll_batch_sub *s)
{
    ll_report_sub rs = grade_sub(g, s);
    ll_buf b;
    char *dir, *path;

    ll_buf_init(&b);
    dir = ll_asprintf("%s/%s", g->out_dir, s->student);
    path = ll_asprintf("%s/%s", dir ? dir : "", ll_report_file_name(g->fmt));
    if (dir == NULL || path == NULL || ll_mkdirs(dir, 0755) != LL_OK
        || ll_report_write(&b, g->fmt, &rs, 1) != LL_OK
        || ll_write_file(path, b.data ? b.data : "", b.len) != LL_OK) {
        int e = errno;
        char *shown = path ? ll_report_name_escape(path) : NULL;
        fprintf(stderr, "looplab grade: cannot write %s: %s\n",
                shown ? shown : "report", strerror(e));
        free(shown);
        g->db_errors++;
    }
    ll_buf_close(&b);
    free(dir);
    free(path);
}

static void
grade_done(ll_batch_sub *s, size_t ndone, size_t todo, void *ud)
{
    grade_run *g = ud;

    if (s->result.verdict == LL_VERDICT_INTERNAL) {
        g->internal++;
    } else if (g->db) {
        char *json = ll_report_result_to_json(&s->result);
        if (json == NULL || ll_store_grade_put(g->db, s->student, g->ex->id,
                s->hash, g->checks_hash, &s->result, g->sandbox,
                json) != LL_OK) {
            char *who = ll_report_name_escape(s->student);
            fprintf(stderr, "%slooplab grade: cannot store %s's grade: %s\n",
                    g->bar ? "\n" : "", who ? who : "?",
                    json ? ll_store_errmsg(g->db) : "out of memory");
            free(who);
            g->db_errors++;
        }
        free(json);
    }
    if (g->bar) {
        fprintf(stderr, "\r\033[K");
    }
    if (g->per_line && g->bar)
        grade_line(s, "");   /* live on a TTY; sorted at the end otherwise */
    if (g->bar && ndone < todo)
        grade_bar(ndone, todo);
}

/* Fill CACHED results from the gradebook for unchanged submissions. */
static size_t
grade_reuse(grade_run *g, ll_batch_sub *subs, size_t n)
{
    size_t i, reused = 0;
    for (i = 0; i < n && g->db; i++) {
        char *json = NULL;
        if (subs[i].state != LL_BATCH_PENDING)
            continue;
        if (ll_store_grade_find(g->db, subs[i].student, g->ex->id,
                                subs[i].hash, g->checks_hash, &json) == LL_OK) {
            ll_result_close(&subs[i].result);
            if (ll_report_result_from_json(json, &subs[i].result, NULL)
                == LL_OK) {
                subs[i].state = LL_BATCH_CACHED;
                reused++;
            } else {
                ll_result_init(&subs[i].result);   /* corrupt row: regrade */
            }
        }
        free(json);
    }
    return reused;
}

static int
grade_parse(int argc, char **argv, const char **exercise, const char **db,
            const char **out, const char **fmt, int *jobs, bool *force,
            uint64_t *seed, unsigned shard[2], char ***paths, int *npaths)
{
    int i;
    *npaths = 0;
    *paths = ll_calloc((size_t)argc, sizeof **paths);
    if (*paths == NULL)
        return LL_EXIT_INTERNAL;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (strcmp(a, "--force") == 0) {
            *force = true;
            continue;
        }
        if (strcmp(a, "--shard") == 0) {
            unsigned k = 0, n = 0;
            char tail;
            if (i + 1 >= argc || sscanf(argv[i + 1], "%u/%u%c", &k, &n,
                                        &tail) != 2 || n < 1 || n > 100000
                || k < 1 || k > n) {
                char *m = ll_asprintf("--shard: '%s' is not K/N with 1 <= K "
                                      "<= N (e.g. --shard 2/8)",
                                      i + 1 < argc ? argv[i + 1] : "");
                ll_cli_usage_error("grade", m ? m : "bad --shard");
                free(m);
                return LL_EXIT_USAGE;
            }
            shard[0] = k;
            shard[1] = n;
            i++;
            continue;
        }
        if (strcmp(a, "--exercise") == 0) slot = exercise;
        else if (strcmp(a, "--gradebook") == 0) slot = db;
        else if (strcmp(a, "--out") == 0) slot = out;
        else if (strcmp(a, "--format") == 0) slot = fmt;
        else if (strcmp(a, "--project") == 0)
            return ll_cli_usage_error("grade", "--project: projects are not part "
                               "of this course yet; grade exercises with "
                               "--exercise ID");
        else if (strcmp(a, "--jobs") == 0 || strcmp(a, "--seed") == 0) {
            char *end;
            unsigned long long v;
            if (i + 1 >= argc)
                return ll_cli_usage_error("grade", "missing value after --jobs/--seed");
            errno = 0;
            v = strtoull(argv[++i], &end, 10);
            if (errno || *end || argv[i][0] == '\0' || argv[i][0] == '-'
                || (a[2] == 'j' && (v < 1 || v > 64))) {
                char *m = ll_asprintf("%s: '%s' is not a %s", a, argv[i],
                                      a[2] == 'j' ? "number from 1 to 64"
                                                  : "non-negative integer");
                ll_cli_usage_error("grade", m ? m : "bad number");
                free(m);
                return LL_EXIT_USAGE;
            }
            if (a[2] == 'j')
                *jobs = (int)v;
            else
                *seed = v;
            continue;
        } else if (a[0] == '-' && a[1] != '\0') {
            char *m = ll_asprintf("unknown option '%s'", a);
            ll_cli_usage_error("grade", m ? m : "unknown option");
            free(m);
            return LL_EXIT_USAGE;
        } else {
            (*paths)[(*npaths)++] = argv[i];
            continue;
        }
        if (i + 1 >= argc) {
            char *m = ll_asprintf("missing value after %s", a);
            ll_cli_usage_error("grade", m ? m : "missing value");
            free(m);
            return LL_EXIT_USAGE;
        }
        *slot = argv[++i];
    }
    if (*exercise == NULL)
        return ll_cli_usage_error("grade", "say what to grade: --exercise ID");
    if (*npaths == 0)
        return ll_cli_usage_error("grade", "give at least one submissions folder");
    return LL_EXIT_OK;
}

int
ll_cli_grade(int argc, char **argv)
{
    const char *exercise = NULL, *db_path = GRADE_DEFAULT_DB, *out = NULL;
    const char *fmt_name = "text", *sandbox;
    char checks_hash[65], *err = NULL, **paths = NULL;
    int jobs = 2, npaths = 0, rc;
    bool force = false;
    uint64_t seed = 0;
    unsigned shard[2] = { 0, 0 };
    ll_check_opts opts = { 10.0, 0, NULL };
    ll_course *c = NULL;
    const ll_exercise *ex;
    ll_batch_sub *subs = NULL;
    size_t n = 0, i, reused, missing = 0, passed = 0;
    grade_run g;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

    if (ncpu > 0 && ncpu < 64)
        jobs = (int)ncpu;
    rc = grade_parse(argc, argv, &exercise, &db_path, &out, &fmt_name, &jobs,
                     &force, &seed, shard, &paths, &npaths);
    if (rc != LL_EXIT_OK)
        goto done;
    memset(&g, 0, sizeof g);
    if (ll_report_parse_format(fmt_name, &g.fmt) != LL_OK) {
        rc = ll_cli_usage_error("grade", "--format: use text, json, exercism, "
                         "junit or tap");
        goto done;
    }
    if ((c = ll_cli_course()) == NULL) {
        rc = ll_cli_course_exit();
        goto done;
    }
    if ((ex = ll_course_exercise(c, exercise)) == NULL) {
        char *m = ll_asprintf("--exercise: no exercise '%s' in the course "
                              "(see 'looplab list')", exercise);
        rc = ll_cli_usage_error("grade", m ? m : "no such exercise");
        free(m);
        goto done;
    }
    if (ll_batch_discover(ex, paths, npaths, &subs, &n, &err) != LL_OK) {
        rc = ll_cli_usage_error("grade", err ? err : "cannot read submissions");
        goto done;
    }
    if (shard[1] > 0)
        ll_batch_shard(subs, &n, shard[0], shard[1]);
    if (ll_batch_checks_hash(ex, checks_hash) != LL_OK) {
        fprintf(stderr, "looplab grade: cannot read %s/checks.lua\n", ex->dir);
        rc = LL_EXIT_INTERNAL;
        goto done;
    }
    sandbox = ll_check_sandbox_level();
    opts.seed = seed;
    g.ex = ex;
    g.checks_hash = checks_hash;
    g.sandbox = sandbox;
    g.out_dir = out;
    g.per_line = g.fmt == LL_REPORT_TEXT || out != NULL;
    g.bar = isatty(STDERR_FILENO) && getenv("NO_PROGRESS") == NULL;
    if ((g.db = grade_open_db(db_path)) == NULL) {
        rc = LL_EXIT_INTERNAL;
        goto done;
    }
    /* no submission reads the class's grades nor, through the class
     * folders, another student's files (sandbox.h; each runs on its own
     * copy) */
    (void)ll_sandbox_hide(db_path);
    for (i = 0; i < (size_t)npaths; i++)
        (void)ll_sandbox_hide(paths[i]);
    reused = force ? 0 : grade_reuse(&g, subs, n);
    for (i = 0; i < n; i++) {
        missing += subs[i].state == LL_BATCH_MISSING;
        if (g.per_line && g.bar && subs[i].state == LL_BATCH_MISSING)
            grade_line(&subs[i], "");
        if (g.per_line && g.bar && subs[i].state == LL_BATCH_CACHED)
            grade_line(&subs[i], "  (unchanged: grade kept)");
    }
    if (g.bar)
        grade_bar(0, n - reused - missing);
    rc = ll_batch_run(subs, n, ex, jobs, &opts, grade_done, &g);
    if (g.bar)
        fprintf(stderr, "\r\033[K");
    /* Without a TTY the table comes in student order: diffable. */
    for (i = 0; g.per_line && !g.bar && i < n; i++)
        if (subs[i].state != LL_BATCH_PENDING)
            grade_line(&subs[i], subs[i].state == LL_BATCH_CACHED
                                 ? "  (unchanged: grade kept)" : "");
    /* Reports: per student in --out, else the whole class on stdout. A
     * missing file gets a report too, so a CI reading the folder can tell
     * "missing" from "not run" (an interrupted run leaves PENDING ones). */
    for (i = 0; out && i < n; i++)
        if (subs[i].state == LL_BATCH_GRADED || subs[i].state == LL_BATCH_CACHED
            || subs[i].state == LL_BATCH_MISSING)
            grade_write_out(&g, &subs[i]);
    if (!out && g.fmt != LL_REPORT_TEXT) {
        ll_report_sub *rs = ll_calloc(n ? n : 1, sizeof *rs);
        size_t k = 0;
        ll_buf b;
        ll_buf_init(&b);
        /* Every student: missing ones and, after Ctrl-C, the ones not
         * graded yet (skipped) too; a stream that left them out would
         * have a plan (TAP) or totals (JUnit) that hide them. */
        for (i = 0; rs && i < n; i++)
            rs[k++] = grade_sub(&g, &subs[i]);
        if (rs == NULL || ll_report_write(&b, g.fmt, rs, k) != LL_OK) {
            fprintf(stderr, "looplab grade: out of memory writing the %s "
                    "report\n", fmt_name);
            g.db_errors++;
        } else {
            char *what = ll_asprintf("the %s report", fmt_name);
            if (ll_cli_write_out("grade", what ? what : "the report",
                                 b.data ? b.data : "", b.len) != LL_EXIT_OK)
                g.db_errors++;   /* the report is lost: exit 3 */
            free(what);
        }
        ll_buf_close(&b);
        free(rs);
    }
    for (i = 0; i < n; i++)
        passed += (subs[i].state == LL_BATCH_GRADED
                   || subs[i].state == LL_BATCH_CACHED)
                  && subs[i].result.verdict == LL_VERDICT_PASS;
    fprintf(g.per_line ? stdout : stderr,
            "%zu submissions: %zu passed, %zu not passed, %zu missing, "
            "%zu unchanged (not regraded), %d grader problems; sandbox %s; "
            "gradebook %s\n", n, passed, n - passed - missing
            - (size_t)g.internal, missing, reused, g.internal, sandbox,
            db_path);
    if (rc == LL_ECANCELED) {
        fprintf(stderr, "looplab grade: interrupted; finished grades are "
                        "saved, run the same command to continue\n");
        rc = LL_EXIT_INTERRUPTED;
    } else if (rc != LL_OK) {
        rc = LL_EXIT_INTERNAL;
    } else {
        rc = g.internal || g.db_errors ? LL_EXIT_INTERNAL : LL_EXIT_OK;
    }
    ll_store_close(g.db);
done:
    ll_batch_free(subs, n);
    ll_course_free(c);
    free(paths);
    free(err);
    return rc;
}

/* SPDX-License-Identifier: MIT
 * course/dev/dev_check.c -- `looplab dev check`: prove every exercise and quiz
 * answer sound by running them.
 *
 * The work is cut into jobs (one starter, one reference, one per mutant, one
 * per verifiable quiz question) and each job runs in its own forked worker,
 * at most `jobs` at a time; the worker grades through ll_check_run (which
 * supervises the submission in turn) and writes one verdict line plus a
 * message back over a pipe. A worker that dies without answering is an
 * ERROR naming the file, never a silent pass. Report order is job order,
 * whatever order the workers finish in, so output is stable.
 */
#include "dev.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "grader/check.h"
#include "grader/checklib.h"
#include "engine/lua/run.h"

/* {=================== quiz snippets ===================} */

/* A snippet need not start an event loop ("runs": it ran to its end, main =
 * false) and may leave a coroutine unawaited on purpose (the question may
 * be about that warning); the second check hands the run's warnings back
 * as measured. */
static const char dev_snippet_checks[] =
    "return { check.noerror { name = \"runs\", points = 1, main = false,\n"
    "                         unawaited_ok = true },\n"
    "  { name = \"warnings\", points = 0, fn = function(run)\n"
    "      return true, nil, table.concat(run.warnings or {}, \"\\n\") end } }\n";

/* Run one program text; *out gets stdout, *vtime the virtual seconds. */
static int
dev_run_snippet(const char *lang, const char *text, double timeout_s,
                char **out, double *vtime, ll_buf *warns, char **err)
{
    char dir[] = "/tmp/looplab-quiz-XXXXXX";
    bool py = strcmp(lang, "python") == 0;
    char *file, *checks = NULL;
    int rc = LL_OK;

    *out = NULL;
    *err = NULL;
    *vtime = 0;
    if (mkdtemp(dir) == NULL) {
        *err = ll_asprintf("cannot make a temporary folder: %s",
                           strerror(errno));
        return LL_EIO;
    }
    file = ll_asprintf("%s/snippet.%s", dir, py ? "py" : "lua");
    if (file == NULL)
        return LL_ENOMEM;
    rc = ll_write_file(file, text, strlen(text));
    if (rc == LL_OK && py) {
        ll_exercise ex;
        ll_check_opts o = { .timeout_s = timeout_s };
        ll_result r;
        checks = ll_asprintf("%s/checks.lua", dir);
        rc = checks ? ll_write_file(checks, dev_snippet_checks,
                                    strlen(dev_snippet_checks)) : LL_ENOMEM;
        memset(&ex, 0, sizeof ex);
        ex.id = (char *)"quiz";
        ex.kind = LL_EX_PYTHON;
        ex.dir = dir;
        ex.file = (char *)"snippet.py";
        if (rc == LL_OK)
            rc = ll_check_run(&ex, file, &o, &r);
        if (rc == LL_OK) {
            *out = ll_strdup(r.output);
            *vtime = r.vtime;
            if (r.nchecks > 1 && *r.checks[1].measured)
                ll_buf_printf(warns, "%s\n", r.checks[1].measured);
            if (r.verdict != LL_VERDICT_PASS) {
                *err = ll_asprintf("%s: %s", ll_verdict_name(r.verdict),
                                   r.error && *r.error ? r.error
                                   : "the snippet did not run cleanly");
                rc = LL_ERUNTIME;
            }
            ll_result_close(&r);
        }
    } else if (rc == LL_OK) {
        ll_run_opts o = { .clock = LL_CLOCK_VIRTUAL,
                          .max_instructions = 500000000L };
        ll_run_result res;
        ll_buf b;
        ll_buf_init(&b);
        rc = ll_run_file(file, &o, NULL, &b, &res);
        *out = ll_strdup(b.data ? b.data : "");
        *vtime = res.vtime;
        if (rc != LL_OK || res.status != LL_OK) {
            *err = ll_strdup(res.error ? res.error : ll_strerror(rc));
            rc = LL_ERUNTIME;
        }
        ll_run_result_close(&res);
        ll_buf_close(&b);
    }
    if (checks)
        unlink(checks);
    unlink(file);
    rmdir(dir);
    ll_free(checks);
    ll_free(file);
    if (rc == LL_OK && *out == NULL)
        rc = LL_ENOMEM;
    return rc;
}

/* Collapse every whitespace run to one space, trim both ends. " / " counts
 * as a line break: choices write several output lines as "a / b". */
static char *
dev_squash(const char *s)
{
    char *o = ll_malloc(strlen(s) + 1), *w = o;
    bool space = false;
    if (o == NULL)
        return NULL;
    for (; *s; s++) {
        if (s[0] == ' ' && s[1] == '/' && s[2] == ' ') {
            space = w != o;
            s += 2;
            continue;
        }
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            space = w != o;
            continue;
        }
        if (space)
            *w++ = ' ';
        space = false;
        *w++ = *s;
    }
    *w = '\0';
    return o;
}

/* The times a choice states, in seconds: "10 s / 1 s / 2 s" -> 10, 1, 2;
 * "250 ms" -> 0.25. Numbers without a unit are not times. */
static size_t
dev_choice_times(const char *s, double *t, size_t max)
{
    size_t n = 0;
    const char *p = s;
    while (*p && n < max) {
        char *end;
        double v;
        if (!((*p >= '0' && *p <= '9') || (*p == '.' && p[1] >= '0' &&
                                            p[1] <= '9'))) {
            p++;
            continue;
        }
        if (p > s && (p[-1] == '.' || (p[-1] >= '0' && p[-1] <= '9'))) {
            p++;
            continue;
        }
        v = strtod(p, &end);
        p = end;
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncmp(p, "ms", 2) == 0 &&
            !(p[2] >= 'a' && p[2] <= 'z')) {
            t[n++] = v / 1000.0;
            p += 2;
        } else if (*p == 's' && !(p[1] >= 'a' && p[1] <= 'z' && p[1] != 'e')) {
            t[n++] = v;                      /* "s", "sec", "seconds" */
            p++;
        } else if (strncmp(p, "sec", 3) == 0) {
            t[n++] = v;
            p += 3;
        }
    }
    return n;
}

/* body = true: the code is the inside of the main coroutine / task. */
static char *
dev_wrap_body(const char *lang, const char *code)
{
    bool py = strcmp(lang, "python") == 0;
    const char *p = code;
    ll_buf b;
    ll_buf_init(&b);
    ll_buf_adds(&b, py ? "async def __looplab_main():\n"
                       : "aio.run(function()\n");
    while (*p) {
        size_t n = strcspn(p, "\n");
        ll_buf_printf(&b, "%s%.*s\n", py && n ? "    " : "", (int)n, p);
        p += n + (p[n] == '\n');
    }
    ll_buf_adds(&b, py ? "\n\nimport asyncio as __looplab_asyncio\n"
                         "__looplab_asyncio.run(__looplab_main())\n"
                       : "end)\n");
    return b.data ? ll_buf_take(&b) : NULL;
}

static bool
dev_times_match(const double *got, const double *want, size_t n, double tol0)
{
    size_t i;
    for (i = 0; i < n; i++) {
        double tol = tol0 > 0 ? tol0 : fmax(0.01, 0.02 * fabs(want[i]));
        if (fabs(got[i] - want[i]) > tol)
            return false;
    }
    return true;
}

int
ll_dev_quiz_eval(const ll_question *q, double timeout_s, char **measured,
                 int *choice, char **err)
{
    ll_buf b, warns;
    double times[16];
    size_t nparts = q->nruns ? q->nruns : 1, i, k;
    int rc = LL_OK;

    *measured = NULL;
    *choice = -1;
    *err = NULL;
    if (q->code == NULL || q->lang == NULL ||
        (strcmp(q->lang, "python") != 0 && strcmp(q->lang, "lua") != 0))
        return LL_EINVAL;
    if (nparts > LL_COUNTOF(times))
        nparts = LL_COUNTOF(times);
    ll_buf_init(&b);
    ll_buf_init(&warns);
    for (i = 0; rc == LL_OK && i < nparts; i++) {
        char *code = q->body ? dev_wrap_body(q->lang, q->code)
                             : ll_strdup(q->code);
        char *text = code ? ll_asprintf("%s\n%s\n%s\n",
                                        q->prelude ? q->prelude : "", code,
                                        q->nruns ? q->runs[i] : "") : NULL;
        ll_free(code);
        char *out = NULL;
        if (text == NULL) {
            rc = LL_ENOMEM;
            break;
        }
        rc = dev_run_snippet(q->lang, text, timeout_s, &out, &times[i],
                             &warns, err);
        if (rc == LL_ERUNTIME && *err && q->nruns) {
            char *e = ll_asprintf("run %zu (%s): %s", i + 1, q->runs[i], *err);
            ll_free(*err);
            *err = e;
        }
        if (rc == LL_OK) {
            if (i > 0)
                ll_buf_adds(&b, " / ");
            if (q->kind == LL_QUIZ_PT) {
                ll_buf_printf(&b, "%g s", round(times[i] * 1000) / 1000);
            } else {
                char *sq = dev_squash(out);
                ll_buf_adds(&b, sq ? sq : "");
                ll_free(sq);
            }
        }
        ll_free(out);
        ll_free(text);
    }
    if (rc != LL_OK) {
        ll_buf_close(&b);
        ll_buf_close(&warns);
        return rc;
    }
    *measured = b.data ? ll_buf_take(&b) : ll_strdup("");
    ll_buf_close(&b);
    while (warns.len > 0 && warns.data[warns.len - 1] == '\n')
        warns.data[--warns.len] = '\0';
    /* Recorded warnings must all have happened (Python runs report them). */
    for (k = 0; k < q->nwarns; k++) {
        if (warns.data == NULL || strstr(warns.data, q->warns[k]) == NULL) {
            *err = ll_asprintf("no warning containing \"%s\" (the run warned: "
                               "%s)", q->warns[k], warns.data && *warns.data
                               ? warns.data : "nothing");
            *choice = -4;
            ll_buf_close(&warns);
            return LL_OK;
        }
    }
    ll_buf_close(&warns);
    /* Prose choices: the recorded output / times stand for the answer
     * (a po question may record both: "what is printed, and when"). */
    if ((q->kind == LL_QUIZ_PO && q->output != NULL) || q->ntimes > 0) {
        ll_buf why;
        ll_buf_init(&why);
        if (q->output != NULL) {
            char *sq = dev_squash(q->output), *got = NULL;
            if (q->kind == LL_QUIZ_PT) {
                ll_free(sq);
                sq = NULL;
            }
            if (sq != NULL && q->kind == LL_QUIZ_PO &&
                strcmp(sq, *measured) != 0)
                ll_buf_printf(&why, "the recorded output is \"%s\"", sq);
            ll_free(sq);
            ll_free(got);
        }
        if (q->ntimes > 0 && (q->ntimes != nparts ||
            !dev_times_match(times, q->times, nparts, q->tolerance))) {
            ll_buf_printf(&why, "%sthe recorded times are \"", why.len ?
                          "; " : "");
            for (k = 0; k < q->ntimes; k++)
                ll_buf_printf(&why, "%s%g s", k ? " / " : "", q->times[k]);
            ll_buf_adds(&why, "\"");
            if (q->kind == LL_QUIZ_PO) {
                ll_buf_adds(&why, " and the run took ");
                for (k = 0; k < nparts; k++)
                    ll_buf_printf(&why, "%s%g s", k ? " / " : "",
                                  round(times[k] * 1000) / 1000);
            }
        }
        *choice = why.len ? -3 : q->answer;
        *err = why.len ? ll_buf_take(&why) : NULL;
        ll_buf_close(&why);
        return LL_OK;
    }
    for (k = 0; k < q->nchoices; k++) {
        bool match;
        if (q->kind == LL_QUIZ_PT) {
            double want[16];
            size_t nw = dev_choice_times(q->choices[k], want, 16);
            match = nw == nparts &&
                    dev_times_match(times, want, nw, q->tolerance);
        } else {
            char *sq = dev_squash(q->choices[k]);
            match = sq && strcmp(sq, *measured) == 0;
            ll_free(sq);
        }
        if (match)
            *choice = *choice == -1 ? (int)k : -2;
    }
    return LL_OK;
}

/* {=================== jobs ===================} */

typedef enum job_kind { JOB_STARTER, JOB_REFERENCE, JOB_MUTANT, JOB_QUIZ,
                        JOB_ALTERNATIVE }
    job_kind;

typedef struct dev_job {
    job_kind           kind;
    const ll_lesson   *lesson;
    const ll_exercise *ex;
    size_t             q;        /* quiz: question index */
    char              *file;     /* the file judged */
    /* filled by the worker's answer */
    ll_dev_level       level;
    char              *message;
    double             wall;
    /* while running */
    pid_t              pid;
    int                fd;
    ll_buf             buf;
    int64_t            t0;
} dev_job;

static const char *const job_names[] = { "starter", "reference", "mutant",
                                         "quiz", "alternative" };

static char *
dev_failed_names(const ll_result *r, size_t *nfailed)
{
    ll_buf b;
    size_t i;
    ll_buf_init(&b);
    *nfailed = 0;
    for (i = 0; i < r->nchecks; i++) {
        if (r->checks[i].passed)
            continue;
        ll_buf_printf(&b, "%s\"%s\"", (*nfailed)++ ? ", " : "",
                      r->checks[i].name);
    }
    return b.data ? ll_buf_take(&b) : ll_strdup("");
}

static bool
dev_run_broken(const ll_result *r)
{
    return r->verdict == LL_VERDICT_INTERNAL;
}

static const ll_check_result *
dev_find_check(const ll_result *r, const char *name)
{
    size_t i;
    for (i = 0; i < r->nchecks; i++)
        if (strcmp(r->checks[i].name, name) == 0)
            return &r->checks[i];
    return NULL;
}

static uint64_t
dev_seed(const ll_exercise *e, size_t i)
{
    return e->nseeds ? e->seeds[i] : 0;
}

static void
job_starter(dev_job *j, const ll_check_opts *base)
{
    ll_check_opts o = *base;
    ll_result r;
    size_t nf;
    char *names;

    o.seed = dev_seed(j->ex, 0);
    ll_check_run(j->ex, j->file, &o, &r);
    names = dev_failed_names(&r, &nf);
    if (dev_run_broken(&r)) {
        j->level = LL_DEV_ERROR;
        j->message = ll_asprintf("the starter could not be graded: %s",
                                 r.error);
    } else if (r.verdict != LL_VERDICT_PASS && r.verdict != LL_VERDICT_FAIL) {
        j->level = LL_DEV_ERROR;
        j->message = ll_asprintf("the starter does not run cleanly (%s: %s); "
                                 "a starter must run and fail a check with a "
                                 "message the student can act on",
                                 ll_verdict_name(r.verdict), r.error);
    } else if (nf == 0) {
        j->level = LL_DEV_ERROR;
        j->message = ll_asprintf("the starter passes all %zu checks; it must "
                                 "fail at least one (it is the exercise, not "
                                 "the answer)", r.nchecks);
    } else {
        j->level = LL_DEV_OK;
        j->message = ll_asprintf("fails %zu of %zu checks: %s", nf, r.nchecks,
                                 names);
    }
    ll_free(names);
    ll_result_close(&r);
}

static void
job_reference(dev_job *j, const ll_check_opts *base)
{
    size_t nseeds = j->ex->nseeds ? j->ex->nseeds : 1, s, nchecks = 0;

    for (s = 0; s < nseeds; s++) {
        ll_check_opts o = *base;
        ll_result r;
        o.seed = dev_seed(j->ex, s);
        ll_check_run(j->ex, j->file, &o, &r);
        nchecks = r.nchecks;
        if (r.verdict != LL_VERDICT_PASS) {
            ll_buf b;
            size_t i;
            ll_buf_init(&b);
            ll_buf_printf(&b, "%s does not pass (%s",
                          j->kind == JOB_ALTERNATIVE ? "this alternative "
                          "(a correct solution)" : "the reference solution",
                          ll_verdict_name(r.verdict));
            if (j->ex->nseeds)
                ll_buf_printf(&b, " under seed %llu",
                              (unsigned long long)o.seed);
            ll_buf_adds(&b, ")");
            if (r.error && *r.error)
                ll_buf_printf(&b, ": %s", r.error);
            for (i = 0; i < r.nchecks; i++)
                if (!r.checks[i].passed)
                    ll_buf_printf(&b, "\n  fails \"%s\": %s%s%s%s",
                                  r.checks[i].name, r.checks[i].message,
                                  *r.checks[i].measured ? " (measured " : "",
                                  *r.checks[i].measured ? r.checks[i].measured
                                                        : "",
                                  *r.checks[i].measured ? ")" : "");
            if (r.nchecks == 0)
                ll_buf_adds(&b, "\n  (no checks ran)");
            j->level = LL_DEV_ERROR;
            j->message = ll_buf_take(&b);
            ll_buf_close(&b);
            ll_result_close(&r);
            return;
        }
        ll_result_close(&r);
    }
    j->level = LL_DEV_OK;
    if (j->ex->nseeds)
        j->message = ll_asprintf("passes all %zu checks under %zu seeds",
                                 nchecks, nseeds);
    else
        j->message = ll_asprintf("passes all %zu checks", nchecks);
}

static void
job_mutant(dev_job *j, const ll_check_opts *base)
{
    size_t nseeds = j->ex->nseeds ? j->ex->nseeds : 1, s, k, nn;
    char **names, *err;
    ll_buf list;

    if (ll_dev_mutant_names(j->file, &names, &nn, &err) != LL_OK) {
        j->level = LL_DEV_ERROR;
        j->message = err;
        return;
    }
    ll_buf_init(&list);
    for (k = 0; k < nn; k++)
        ll_buf_printf(&list, "%s\"%s\"", k ? ", " : "", names[k]);
    for (s = 0; s < nseeds && j->message == NULL; s++) {
        ll_check_opts o = *base;
        ll_result r;
        size_t failed = 0;
        o.seed = dev_seed(j->ex, s);
        ll_check_run(j->ex, j->file, &o, &r);
        if (dev_run_broken(&r)) {
            j->level = LL_DEV_ERROR;
            j->message = ll_asprintf("the mutant could not be graded: %s",
                                     r.error);
        }
        for (k = 0; k < nn && j->message == NULL; k++) {
            const ll_check_result *c = dev_find_check(&r, names[k]);
            if (c == NULL) {
                ll_buf have;
                size_t i;
                ll_buf_init(&have);
                for (i = 0; i < r.nchecks; i++)
                    ll_buf_printf(&have, "%s\"%s\"", i ? ", " : "",
                                  r.checks[i].name);
                j->level = LL_DEV_ERROR;
                j->message = ll_asprintf("line 1 names check \"%s\", which "
                    "checks.lua does not define (its checks: %s)", names[k],
                    have.data ? have.data : "none");
                ll_buf_close(&have);
            } else {
                failed += !c->passed;
            }
        }
        if (j->message == NULL && failed == nn) {
            j->level = LL_DEV_OK;
            if (j->ex->nseeds)
                j->message = ll_asprintf("fails %s (under seed %llu)",
                                         list.data,
                                         (unsigned long long)o.seed);
            else
                j->message = ll_asprintf("fails %s", list.data);
        }
        ll_result_close(&r);
    }
    if (j->message == NULL) {
        j->level = LL_DEV_ERROR;
        j->message = ll_asprintf("the mutant passes %s, the check%s its first "
            "line names%s: either the checks miss this mistake or the header "
            "names the wrong check", list.data, nn > 1 ? "s" : "",
            j->ex->nseeds ? " (under every seed)" : "");
    }
    ll_buf_close(&list);
    ll_dev_strv_free(names, nn);
}

static void
job_quiz(dev_job *j, double timeout_s)
{
    const ll_question *q = &j->lesson->quiz[j->q];
    char *measured = NULL, *err = NULL;
    int choice, rc = ll_dev_quiz_eval(q, timeout_s, &measured, &choice, &err);
    const char *kind = ll_quiz_kind_name(q->kind);
    bool recorded = (q->kind == LL_QUIZ_PO && q->output) ||
                    (q->kind == LL_QUIZ_PT && q->ntimes);

    if (rc != LL_OK) {
        j->level = LL_DEV_ERROR;
        j->message = ll_asprintf("question %zu (%s): the snippet does not run "
            "(%s)%s", j->q + 1, kind, err ? err : ll_strerror(rc),
            q->nruns || q->prelude ? "" : "; if `code` is a fragment, add a "
            "`prelude` (imports, helpers) and `run` lines that call it");
    } else if (choice == q->answer) {
        j->level = LL_DEV_OK;
        j->message = ll_asprintf("question %zu (%s): running it gives \"%s\", "
                                 "%s %d, the recorded answer", j->q + 1, kind,
                                 measured, recorded ? "as recorded for choice"
                                                    : "choice", choice + 1);
    } else if (choice == -3 || choice == -4) {
        j->level = LL_DEV_ERROR;
        j->message = ll_asprintf("question %zu (%s): running the snippet "
            "gives \"%s\", but %s", j->q + 1, kind, measured, err);
    } else if (choice >= 0) {
        j->level = LL_DEV_ERROR;
        j->message = ll_asprintf("question %zu (%s): running the snippet "
            "gives \"%s\", which is choice %d, but answer = %d (\"%s\")",
            j->q + 1, kind, measured, choice + 1, q->answer + 1,
            q->choices[q->answer]);
    } else {
        j->level = LL_DEV_ERROR;
        j->message = ll_asprintf("question %zu (%s): running the snippet "
            "gives \"%s\", which %s; answer = %d is \"%s\" (when the choices "
            "are prose, record the real result in `%s`)", j->q + 1, kind,
            measured, choice == -2 ? "matches several choices"
                                   : "matches no choice",
            q->answer + 1, q->choices[q->answer],
            q->kind == LL_QUIZ_PT ? "times" : "output");
    }
    ll_free(measured);
    ll_free(err);
}

/* In the worker: do the job, write "level\nmessage" to fd. */
static void
job_work(dev_job *j, const ll_dev_check_opts *opts, int fd)
{
    ll_check_opts o = { .timeout_s = opts->timeout_s };
    char head[16];
    size_t len, off = 0;

    switch (j->kind) {
    case JOB_STARTER:   job_starter(j, &o); break;
    case JOB_REFERENCE: job_reference(j, &o); break;
    case JOB_MUTANT:    job_mutant(j, &o); break;
    case JOB_ALTERNATIVE: job_reference(j, &o); break;
    case JOB_QUIZ:      job_quiz(j, opts->timeout_s); break;
    }
    snprintf(head, sizeof head, "%d\n", (int)j->level);
    if (write(fd, head, strlen(head)) < 0)
        return;
    len = j->message ? strlen(j->message) : 0;
    while (off < len) {
        ssize_t w = write(fd, j->message + off, len - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
}

static int
job_start(dev_job *j, const ll_dev_check_opts *opts)
{
    int p[2];
    if (pipe(p) != 0)
        return LL_EIO;
    fflush(NULL);
    j->t0 = ll_mono_ns();
    j->pid = fork();
    if (j->pid < 0) {
        close(p[0]);
        close(p[1]);
        return LL_EIO;
    }
    if (j->pid == 0) {
        close(p[0]);
        job_work(j, opts, p[1]);
        close(p[1]);
        _exit(0);
    }
    close(p[1]);
    j->fd = p[0];
    ll_buf_init(&j->buf);
    return LL_OK;
}

static void
job_finish(dev_job *j)
{
    int status = 0;
    char *nl;
    while (waitpid(j->pid, &status, 0) < 0 && errno == EINTR)
        ;
    close(j->fd);
    j->fd = -1;
    j->wall = (double)(ll_mono_ns() - j->t0) / 1e9;
    nl = j->buf.data ? strchr(j->buf.data, '\n') : NULL;
    if (nl == NULL) {
        j->level = LL_DEV_ERROR;
        j->message = ll_asprintf("the checking worker died without an answer "
            "(%s)", WIFSIGNALED(status) ? strsignal(WTERMSIG(status))
                                        : "no output");
    } else {
        j->level = (ll_dev_level)atoi(j->buf.data);
        j->message = ll_strdup(nl + 1);
    }
    ll_buf_close(&j->buf);
}

static int
dev_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* Run every job, at most opts->jobs at a time. */
static int
dev_run_jobs(dev_job *jobs, size_t n, const ll_dev_check_opts *opts)
{
    size_t next = 0, running = 0, done = 0, i;
    int max = opts->jobs > 0 ? opts->jobs : dev_cpus();
    struct pollfd *pf = ll_calloc((size_t)max + 1, sizeof *pf);
    size_t *map = ll_calloc((size_t)max + 1, sizeof *map);

    if (pf == NULL || map == NULL) {
        ll_free(pf);
        ll_free(map);
        return LL_ENOMEM;
    }
    while (done < n) {
        int np = 0;
        while (running < (size_t)max && next < n) {
            if (job_start(&jobs[next], opts) != LL_OK) {
                jobs[next].level = LL_DEV_ERROR;
                jobs[next].message = ll_asprintf("cannot start a worker: %s",
                                                 strerror(errno));
                jobs[next].pid = 0;
                done++;
            } else {
                running++;
            }
            next++;
        }
        for (i = 0; i < next; i++)
            if (jobs[i].pid > 0 && jobs[i].fd >= 0) {
                pf[np].fd = jobs[i].fd;
                pf[np].events = POLLIN;
                map[np++] = i;
            }
        if (np == 0)
            continue;
        if (poll(pf, (nfds_t)np, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (i = 0; i < (size_t)np; i++) {
            dev_job *j = &jobs[map[i]];
            char chunk[4096];
            ssize_t r;
            if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            r = read(j->fd, chunk, sizeof chunk);
            if (r > 0) {
                ll_buf_add(&j->buf, chunk, (size_t)r);
                continue;
            }
            job_finish(j);
            running--;
            done++;
            if (opts->verbose)
                fprintf(stderr, "[%zu/%zu] %s %s %s\n", done, n,
                        j->level == LL_DEV_ERROR ? "UNSOUND" : "ok",
                        job_names[j->kind], j->file);
        }
    }
    ll_free(pf);
    ll_free(map);
    return LL_OK;
}

/* {=================== job list ===================} */

static int
dev_job_add(dev_job **jobs, size_t *n, size_t *cap, job_kind kind,
            const ll_lesson *l, const ll_exercise *e, size_t q, char *file)
{
    dev_job *j;
    if (file == NULL)
        return LL_ENOMEM;
    if (*n == *cap) {
        dev_job *v = ll_realloc(*jobs, (*cap = *cap ? *cap * 2 : 32) *
                                sizeof *v);
        if (v == NULL) {
            ll_free(file);
            return LL_ENOMEM;
        }
        *jobs = v;
    }
    j = &(*jobs)[(*n)++];
    memset(j, 0, sizeof *j);
    j->kind = kind;
    j->lesson = l;
    j->ex = e;
    j->q = q;
    j->file = file;
    j->fd = -1;
    return LL_OK;
}

static int
dev_cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Files in <dir>/<sub> (mutants, alternatives) ending like the exercise
 * file, sorted. */
static int
dev_files(const ll_exercise *e, const char *sub, char ***out, size_t *n)
{
    char *dir = ll_asprintf("%s/%s", e->dir, sub);
    const char *ext = strrchr(e->file, '.');
    DIR *d;
    struct dirent *de;
    size_t cap = 0;

    *out = NULL;
    *n = 0;
    if (dir == NULL)
        return LL_ENOMEM;
    d = opendir(dir);
    while (d != NULL && (de = readdir(d)) != NULL) {
        char *p;
        struct stat st;
        size_t dl = strlen(de->d_name);
        /* same extension as the exercise file: skips editor backups */
        if (de->d_name[0] == '.' || (ext && (dl < strlen(ext) ||
            strcmp(de->d_name + dl - strlen(ext), ext) != 0)))
            continue;
        p = ll_asprintf("%s/%s", dir, de->d_name);
        if (p == NULL || stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
            ll_free(p);
            continue;
        }
        if (*n == cap) {
            char **v = ll_realloc(*out, (cap = cap ? cap * 2 : 8) * sizeof *v);
            if (v == NULL) {
                ll_free(p);
                break;
            }
            *out = v;
        }
        (*out)[(*n)++] = p;
    }
    if (d != NULL)
        closedir(d);
    ll_free(dir);
    if (*n > 1)
        qsort(*out, *n, sizeof **out, dev_cmp_str);
    return LL_OK;
}

/* What a required Python exercise needs to be called sound besides its
 * jobs passing: enough scenarios, mutants and alternatives (authoring.md
 * 6.5, 7.1). Warnings while an author builds an exercise up (a `dev new`
 * skeleton has two mutants), UNSOUND with --strict: the shipped course
 * is checked that way in make test (tests/dev/test_course.sh). */
static void
dev_soundness(ll_dev_report *rep, const ll_exercise *e, size_t nm, size_t na,
              bool strict)
{
    const ll_dev_level dev_soundness_level = strict ? LL_DEV_ERROR
                                                    : LL_DEV_WARN;
    ll_checks_meta meta;
    char *checks, *err = NULL;
    size_t ns = 0;

    if (e->kind != LL_EX_PYTHON)
        return;
    checks = ll_asprintf("%s/checks.lua", e->dir);
    if (checks != NULL && ll_checklib_meta(checks, 0, &meta, &err) == LL_OK) {
        ns = json_array_size(meta.scenarios);
        ll_checklib_meta_close(&meta);
    }
    ll_free(err);
    if (ns < LL_DEV_MIN_SCENARIOS)
        ll_dev_add(rep, dev_soundness_level, "scenarios", e->id, checks, 0,
                   "%zu scenario%s: a check on one run is easy to fool; "
                   "grade over at least %d (docs/authoring.md 6.5)", ns,
                   ns == 1 ? "" : "s", LL_DEV_MIN_SCENARIOS);
    if (nm < LL_DEV_MIN_MUTANTS)
        ll_dev_add(rep, dev_soundness_level, "mutant", e->id, e->dir, 0,
                   "%zu mutant%s: write at least %d realistic learner bugs "
                   "(docs/authoring.md 7.1)", nm, nm == 1 ? "" : "s",
                   LL_DEV_MIN_MUTANTS);
    if (na < LL_DEV_MIN_ALTERNATIVES)
        ll_dev_add(rep, dev_soundness_level, "alternative", e->id, e->dir, 0,
                   "%zu alternative%s: keep at least %d different correct "
                   "solutions in alternatives/ (docs/authoring.md 7.1)", na,
                   na == 1 ? "" : "s", LL_DEV_MIN_ALTERNATIVES);
    ll_free(checks);
}

static bool
dev_quiz_verifiable(const ll_question *q)
{
    return q->kind != LL_QUIZ_MC;
}

int
ll_dev_check(const char *const *paths, size_t npaths,
             const ll_dev_check_opts *opts_in, ll_dev_report *rep)
{
    ll_dev_check_opts opts = { 0 };
    ll_dev_scope sc;
    dev_job *jobs = NULL;
    size_t n = 0, cap = 0, li, k;
    int rc;

    if (opts_in != NULL)
        opts = *opts_in;
    if (opts.timeout_s <= 0)
        opts.timeout_s = 10;
    rc = ll_dev_scope_load(paths, npaths, &sc, rep);
    if (rc == LL_ENOMEM)
        return rc;
    rc = LL_OK;
    for (li = 0; rc == LL_OK && li < sc.nlessons; li++) {
        const ll_lesson *l = &sc.lessons[li];
        for (k = 0; rc == LL_OK && k < l->nexercises; k++) {
            const ll_exercise *e = &l->exercises[k];
            char **muts = NULL, **alts = NULL;
            size_t nm = 0, m, na = 0;
            if (!ll_dev_scope_has_exercise(&sc, li, e))
                continue;
            rc = dev_job_add(&jobs, &n, &cap, JOB_STARTER, l, e, 0,
                             ll_asprintf("%s/starter/%s", e->dir, e->file));
            if (rc == LL_OK)
                rc = dev_job_add(&jobs, &n, &cap, JOB_REFERENCE, l, e, 0,
                                 ll_asprintf("%s/solution/%s", e->dir,
                                             e->file));
            if (rc == LL_OK)
                rc = dev_files(e, "mutants", &muts, &nm);
            for (m = 0; rc == LL_OK && m < nm; m++) {
                rc = dev_job_add(&jobs, &n, &cap, JOB_MUTANT, l, e, 0,
                                 muts[m]);
                muts[m] = NULL;
            }
            if (rc == LL_OK && nm == 0)
                ll_dev_add(rep, LL_DEV_WARN, "mutant", e->id, e->dir, 0,
                           "no mutants: add at least one wrong solution per "
                           "mistake the checks must catch (mutants/)");
            ll_dev_strv_free(muts, nm);
            if (rc == LL_OK)
                rc = dev_files(e, "alternatives", &alts, &na);
            for (m = 0; rc == LL_OK && m < na; m++) {
                rc = dev_job_add(&jobs, &n, &cap, JOB_ALTERNATIVE, l, e, 0,
                                 alts[m]);
                alts[m] = NULL;
            }
            ll_dev_strv_free(alts, na);
            if (rc == LL_OK)
                dev_soundness(rep, e, nm, na, opts.strict);
        }
        if (!ll_dev_scope_has_quiz(&sc, li))
            continue;
        for (k = 0; rc == LL_OK && k < l->nquiz; k++) {
            const ll_question *q = &l->quiz[k];
            if (!dev_quiz_verifiable(q))
                continue;
            if (q->code == NULL) {
                char *qp = ll_asprintf("%s/quiz.lua", l->dir);
                ll_dev_add(rep, LL_DEV_ERROR, "quiz", l->id, qp, 0,
                           "question %zu (%s) has no `code` snippet, so its "
                           "answer cannot be recomputed", k + 1,
                           ll_quiz_kind_name(q->kind));
                ll_free(qp);
                continue;
            }
            rc = dev_job_add(&jobs, &n, &cap, JOB_QUIZ, l, NULL, k,
                             ll_asprintf("%s/quiz.lua", l->dir));
        }
    }
    if (rc == LL_OK)
        rc = dev_run_jobs(jobs, n, &opts);
    for (k = 0; k < n; k++) {
        dev_job *j = &jobs[k];
        if (rc == LL_OK &&
            ll_dev_add(rep, j->level, job_names[j->kind],
                       j->ex ? j->ex->id : j->lesson->id, j->file, 0, "%s",
                       j->message ? j->message : "") == LL_OK)
            rep->items[rep->n - 1].wall = j->wall;
        ll_free(j->file);
        ll_free(j->message);
    }
    ll_free(jobs);
    ll_dev_scope_close(&sc);
    return rc;
}

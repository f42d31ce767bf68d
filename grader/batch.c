/* SPDX-License-Identifier: MIT
 * grader/batch.c -- batch grading behind batch.h.
 */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "report.h"
#include "sandbox.h"
#include "sha256.h"

/* {========================== discovery ==========================} */

/* Streamed and bounded: a 2 GiB (sparse) submission must not cost 2 GiB
 * of memory. Past the cap the hash covers the first bytes and the size;
 * ll_check_run turns such a file into a student verdict. */
static int
batch_hash_file(const char *path, char out[65], const char **why)
{
    /* refused unread: a symlink (to another student's file, to a
     * secret), a FIFO, a device, a socket, a file of another owner */
    bool too_big;
    int rc = ll_sandbox_check_submission(path, why);
    if (rc != LL_OK)
        return rc;
    return ll_sha256_file(path, LL_CHECK_MAX_SUBMIT, out, &too_big);
}

int
ll_batch_checks_hash(const ll_exercise *ex, char out[65])
{
    char *sol = ll_asprintf("solution/%s", ex->file);
    const char *const files[] = { "checks.lua", "exercise.lua", sol };
    ll_sha256 h;
    size_t i;

    if (sol == NULL || ll_sha256_init(&h) != LL_OK) {
        free(sol);
        return LL_ENOMEM;
    }
    for (i = 0; i < LL_COUNTOF(files); i++) {
        char *path = ll_asprintf("%s/%s", ex->dir, files[i]), *data = NULL;
        size_t len = 0;
        int err = path ? ll_read_file(path, &data, &len) : LL_ENOMEM;
        free(path);
        if (err != LL_OK && err != LL_ENOENT) {
            ll_sha256_close(&h);
            free(sol);
            return err;
        }
        ll_sha256_update(&h, files[i], strlen(files[i]) + 1);
        if (data)
            ll_sha256_update(&h, data, len);
        free(data);
    }
    free(sol);
    return ll_sha256_hex(&h, out);
}

typedef struct batch_list {
    ll_batch_sub *v;
    size_t        n, cap;
} batch_list;

/* Is there something at path (not following a symlink)? */
static bool
batch_exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

static int
batch_add(batch_list *l, const ll_exercise *ex, const char *dir,
          const char *student, const char *refused)
{
    ll_batch_sub *s;
    char *file;
    const char *why = refused;
    int rc;

    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        ll_batch_sub *v = ll_realloc(l->v, cap * sizeof *v);
        if (v == NULL)
            return LL_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    s = &l->v[l->n];
    memset(s, 0, sizeof *s);
    ll_result_init(&s->result);
    s->student = ll_strdup(student);
    file = ll_asprintf("%s/%s", dir, ex->file);
    if (s->student == NULL || file == NULL) {
        free(s->student);
        free(file);
        ll_result_close(&s->result);
        return LL_ENOMEM;
    }
    l->n++;
    s->state = LL_BATCH_MISSING;
    rc = why ? LL_EINVAL : batch_hash_file(file, s->hash, &why);
    free(file);
    if (rc == LL_EINVAL) {
        s->refused = refused ? ll_strdup(refused)
                   : ll_asprintf("%s is %s", ex->file, why ? why : "unreadable");
        s->hash[0] = '\0';
        if (s->refused == NULL)
            return LL_ENOMEM;
    } else if (rc == LL_OK) {
        /* Absolute: the grader runs the file from its own folder. The
         * folder resolved, the file itself never (it is no symlink). */
        char *abs = realpath(dir, NULL);
        s->path = abs ? ll_asprintf("%s/%s", abs, ex->file) : NULL;
        free(abs);
        if (s->path == NULL)
            return LL_ENOMEM;
        s->state = LL_BATCH_PENDING;
    }
    return LL_OK;
}

static int
batch_cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
batch_cmp_sub(const void *a, const void *b)
{
    return strcmp(((const ll_batch_sub *)a)->student,
                  ((const ll_batch_sub *)b)->student);
}

/* A folder of student folders: every visible subfolder is a student. */
static int
batch_scan(batch_list *l, const ll_exercise *ex, const char *root,
           char **err)
{
    DIR *d = opendir(root);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    int rc = LL_OK;

    if (d == NULL) {
        int e = errno;
        char *shown = ll_report_name_escape(root);  /* not always UTF-8 */
        *err = ll_asprintf("%s: %s", shown ? shown : "?", strerror(e));
        free(shown);
        return LL_ENOENT;
    }
    while ((de = readdir(d)) != NULL) {
        char *sub;
        struct stat sb;
        if (de->d_name[0] == '.')
            continue;
        sub = ll_asprintf("%s/%s", root, de->d_name);
        /* a symlink to a folder is listed (and refused in batch_add): a
         * student whose folder links to another's must not get that grade */
        if (sub == NULL || stat(sub, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            free(sub);
            continue;
        }
        if (n == cap) {
            char **v = ll_realloc(names, (cap = cap ? 2 * cap : 16)
                                  * sizeof *v);
            if (v == NULL) {
                free(sub);
                rc = LL_ENOMEM;
                break;
            }
            names = v;
        }
        names[n++] = sub;
    }
    closedir(d);
    if (rc == LL_OK && n == 0) {
        char *shown = ll_report_name_escape(root);
        const char *r = shown ? shown : "?";
        *err = ll_asprintf("%s: no submissions here (expected %s/%s or "
                           "%s/<student>/%s)", r, r, ex->file, r, ex->file);
        free(shown);
        rc = LL_ENOENT;
    }
    if (rc == LL_OK)
        qsort(names, n, sizeof *names, batch_cmp_name);
    for (i = 0; i < n; i++) {
        if (rc == LL_OK) {
            const char *base = strrchr(names[i], '/') + 1;
            struct stat sb;
            bool link = lstat(names[i], &sb) != 0 || S_ISLNK(sb.st_mode);
            rc = batch_add(l, ex, names[i], base,
                           link ? "the student folder is a symlink" : NULL);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int
ll_batch_discover(const ll_exercise *ex, char *const *paths, int n,
                  ll_batch_sub **out, size_t *nout, char **err)
{
    batch_list l = { NULL, 0, 0 };
    int i, rc = LL_OK;
    size_t k;

    *out = NULL;
    *nout = 0;
    *err = NULL;
    for (i = 0; rc == LL_OK && i < n; i++) {
        struct stat sb;
        char *dir = ll_strdup(paths[i]), *file, *base;
        size_t len;
        if (dir == NULL) {
            rc = LL_ENOMEM;
            break;
        }
        len = strlen(dir);
        while (len > 1 && dir[len - 1] == '/')
            dir[--len] = '\0';
        if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            /* a folder name need not be UTF-8 or printable */
            char *e = ll_report_name_escape(paths[i]);
            *err = ll_asprintf("%s: not a folder (give a student's folder "
                               "or a folder of student folders)",
                               e ? e : "?");
            free(e);
            free(dir);
            rc = LL_EINVAL;
            break;
        }
        file = ll_asprintf("%s/%s", dir, ex->file);
        base = strrchr(dir, '/');
        base = base ? base + 1 : dir;
        if (file == NULL)
            rc = LL_ENOMEM;
        else if (batch_exists(file) && strcmp(base, ".") != 0)
            rc = batch_add(&l, ex, dir, base, NULL);
        else
            rc = batch_scan(&l, ex, dir, err);
        free(file);
        free(dir);
    }
    if (rc == LL_OK && l.n > 1) {
        qsort(l.v, l.n, sizeof *l.v, batch_cmp_sub);
        for (k = 1; k < l.n; k++)
            if (strcmp(l.v[k - 1].student, l.v[k].student) == 0) {
                char *e = ll_report_name_escape(l.v[k].student);
                *err = ll_asprintf("student '%s' appears twice (two folders "
                                   "with the same name)", e ? e : "?");
                free(e);
                rc = LL_EINVAL;
                break;
            }
    }
    if (rc != LL_OK) {
        ll_batch_free(l.v, l.n);
        if (*err == NULL && rc == LL_ENOMEM)
            *err = ll_strdup("out of memory");
        return rc;
    }
    *out = l.v;
    *nout = l.n;
    return LL_OK;
}

void
ll_batch_free(ll_batch_sub *subs, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        free(subs[i].student);
        free(subs[i].path);
        free(subs[i].refused);
        ll_result_close(&subs[i].result);
    }
    free(subs);
}

unsigned
ll_batch_shard_of(const char *student, unsigned nshards)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    const unsigned char *p;
    for (p = (const unsigned char *)student; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL;
    }
    return nshards ? (unsigned)(h % nshards) : 0;
}

void
ll_batch_shard(ll_batch_sub *subs, size_t *n, unsigned k, unsigned nshards)
{
    size_t i, o = 0;
    for (i = 0; i < *n; i++) {
        if (ll_batch_shard_of(subs[i].student, nshards) == k - 1) {
            if (o != i)
                subs[o] = subs[i];
            o++;
            continue;
        }
        free(subs[i].student);
        free(subs[i].path);
        free(subs[i].refused);
        ll_result_close(&subs[i].result);
    }
    *n = o;
}

/* {=========================== workers ===========================} */

static volatile sig_atomic_t batch_stop;

static void
batch_on_signal(int sig)
{
    (void)sig;
    batch_stop = 1;
}

typedef struct batch_worker {
    pid_t         pid;
    int           fd;
    ll_batch_sub *sub;
    ll_buf        out;
} batch_worker;

static void
batch_child(int fd, const ll_exercise *ex, ll_batch_sub *s,
            const ll_check_opts *opts)
{
    ll_result r;
    char *json;
    size_t off = 0, len;

    /* A signal (ours forwarded, or the terminal's Ctrl-C to the whole
     * process group) ends the run like a timeout: the submission's tree
     * is killed and its attempt folder removed before we exit. */
    ll_sandbox_catch_signals();
    /* A grader killed with -9 takes its workers (and, through check.c's
     * own PDEATHSIG, their submissions) with it. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() == 1)
        _exit(3);
    ll_result_init(&r);
    if (ll_check_run(ex, s->path, opts, &r) == LL_ECANCELED)
        _exit(4);
    json = ll_report_result_to_json(&r);
    if (json == NULL)
        _exit(3);
    len = strlen(json);
    while (off < len) {
        ssize_t k = write(fd, json + off, len - off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            _exit(3);
        off += (size_t)k;
    }
    _exit(0);
}

static int
batch_spawn(batch_worker *w, ll_batch_sub *s, const ll_exercise *ex,
            const ll_check_opts *opts)
{
    int p[2];

    if (pipe2(p, O_CLOEXEC) != 0)
        return LL_EIO;
    fflush(NULL);   /* no buffered output duplicated into the child */
    w->pid = fork();
    if (w->pid < 0) {
        close(p[0]);
        close(p[1]);
        return LL_EIO;
    }
    if (w->pid == 0) {
        close(p[0]);
        batch_child(p[1], ex, s, opts);
    }
    close(p[1]);
    w->fd = p[0];
    w->sub = s;
    ll_buf_init(&w->out);
    return LL_OK;
}

static void
batch_internal(ll_batch_sub *s, const ll_exercise *ex, const char *why)
{
    ll_result_close(&s->result);
    ll_result_init(&s->result);
    s->result.verdict = LL_VERDICT_INTERNAL;
    free(s->result.error);
    s->result.error = ll_strdup(why);
    free(s->result.exercise);
    s->result.exercise = ll_strdup(ex->id);
}

/* The worker closed its pipe: reap it and turn its answer into a result. */
static void
batch_finish(batch_worker *w, const ll_exercise *ex)
{
    ll_batch_sub *s = w->sub;
    int status = 0;
    char *msg = NULL;

    close(w->fd);
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char why[96];
        if (WIFSIGNALED(status))
            snprintf(why, sizeof why, "grading worker killed by signal %d",
                     WTERMSIG(status));
        else
            snprintf(why, sizeof why, "grading worker exited with %d",
                     WEXITSTATUS(status));
        batch_internal(s, ex, why);
    } else {
        ll_result_close(&s->result);
        if (ll_report_result_from_json(w->out.data ? w->out.data : "",
                                       &s->result, &msg) != LL_OK)
            batch_internal(s, ex, msg ? msg : "bad worker answer");
        free(msg);
    }
    ll_buf_close(&w->out);
    s->state = LL_BATCH_GRADED;
    w->pid = 0;
}

/* Stop every worker: SIGTERM lets each tear its sandbox down (kill the
 * submission's tree, remove its attempt folder); one that has not ended
 * after 10 s (stuck outside a run) is killed. */
static void
batch_kill_all(batch_worker *ws, int nw)
{
    int64_t deadline = ll_mono_ns() + 10000000000LL;
    int i, status, left = 0;

    for (i = 0; i < nw; i++)
        if (ws[i].pid > 0) {
            kill(ws[i].pid, SIGTERM);
            close(ws[i].fd);
            left++;
        }
    while (left > 0) {
        struct timespec ts = { 0, 5000000 };
        for (i = 0; i < nw; i++) {
            pid_t w;
            if (ws[i].pid <= 0)
                continue;
            if (ll_mono_ns() > deadline)
                kill(ws[i].pid, SIGKILL);
            w = waitpid(ws[i].pid, &status, WNOHANG);
            if (w == ws[i].pid || (w < 0 && errno == ECHILD)) {
                ll_buf_close(&ws[i].out);
                ws[i].pid = 0;
                left--;
            }
        }
        if (left > 0)
            nanosleep(&ts, NULL);
    }
}

int
ll_batch_run(ll_batch_sub *subs, size_t n, const ll_exercise *ex, int jobs,
             const ll_check_opts *opts, ll_batch_done_fn done, void *ud)
{
    struct sigaction sa, old_int, old_term, old_hup;
    batch_worker *ws;
    struct pollfd *pfd;
    size_t next = 0, todo = 0, ndone = 0, i;
    int active = 0, rc = LL_OK, k;

    if (jobs < 1)
        jobs = 1;
    for (i = 0; i < n; i++)
        todo += subs[i].state == LL_BATCH_PENDING;
    ws = ll_calloc((size_t)jobs, sizeof *ws);
    pfd = ll_calloc((size_t)jobs, sizeof *pfd);
    if (ws == NULL || pfd == NULL) {
        free(ws);
        free(pfd);
        return LL_ENOMEM;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = batch_on_signal;
    sigemptyset(&sa.sa_mask);
    batch_stop = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    /* a closed terminal stops the batch cleanly too, unless nohup'd */
    sigaction(SIGHUP, NULL, &old_hup);
    if (old_hup.sa_handler != SIG_IGN)
        sigaction(SIGHUP, &sa, NULL);

    for (;;) {
        /* Fill free slots. */
        for (k = 0; k < jobs && !batch_stop; k++) {
            if (ws[k].pid != 0)
                continue;
            while (next < n && subs[next].state != LL_BATCH_PENDING)
                next++;
            if (next == n)
                break;
            if (batch_spawn(&ws[k], &subs[next], ex, opts) != LL_OK) {
                batch_internal(&subs[next], ex, "cannot start a grading "
                               "worker (fork/pipe failed)");
                subs[next].state = LL_BATCH_GRADED;
                ndone++;
                if (done)
                    done(&subs[next], ndone, todo, ud);
            } else {
                active++;
            }
            next++;
        }
        if (batch_stop) {
            batch_kill_all(ws, jobs);
            rc = LL_ECANCELED;
            break;
        }
        if (active == 0)
            break;
        for (k = 0; k < jobs; k++) {
            pfd[k].fd = ws[k].pid > 0 ? ws[k].fd : -1;
            pfd[k].events = POLLIN;
            pfd[k].revents = 0;
        }
        if (poll(pfd, (nfds_t)jobs, -1) < 0) {
            if (errno == EINTR)
                continue;
            batch_kill_all(ws, jobs);
            rc = LL_EIO;
            break;
        }
        for (k = 0; k < jobs; k++) {
            char buf[65536];
            ssize_t got;
            if (ws[k].pid <= 0 || pfd[k].revents == 0)
                continue;
            got = read(ws[k].fd, buf, sizeof buf);
            if (got < 0 && errno == EINTR)
                continue;
            if (got > 0) {
                if (ll_buf_add(&ws[k].out, buf, (size_t)got) != LL_OK) {
                    kill(ws[k].pid, SIGKILL);   /* reaped as INTERNAL */
                }
                continue;
            }
            batch_finish(&ws[k], ex);
            active--;
            ndone++;
            if (done)
                done(ws[k].sub, ndone, todo, ud);
        }
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    free(ws);
    free(pfd);
    return rc;
}

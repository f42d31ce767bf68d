/* SPDX-License-Identifier: MIT
 * engine/proc.c -- forked children with framed pipes; the process pool.
 *
 * Every parent-side pipe end is listed in proc_all, and a new child closes
 * all of them first: otherwise child 2 would keep a copy of child 1's
 * input pipe and child 1 would never see EOF at shutdown (the classic
 * multiprocessing fd leak). Children are forked with PR_SET_PDEATHSIG so a
 * killed parent leaves no orphans; the parent reaps every child it forks.
 */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* {==== syscall seam */

static pid_t sys_fork(void) { return fork(); }
static int   sys_pipe2(int fds[2], int flags) { return pipe2(fds, flags); }
static pid_t sys_waitpid(pid_t p, int *st, int o) { return waitpid(p, st, o); }
static int   sys_kill(pid_t p, int s) { return kill(p, s); }

static const ll_proc_sys proc_real = { sys_fork, sys_pipe2, sys_waitpid,
                                       sys_kill };
static const ll_proc_sys *proc_sys = &proc_real;

void
ll_proc_set_sys(const ll_proc_sys *sys)
{
    proc_sys = sys ? sys : &proc_real;
}

/* }==== */

/* {==== frames */

static int
proc_write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN) {
                struct pollfd pf = { fd, POLLOUT, 0 };
                poll(&pf, 1, -1);
                continue;
            }
            return LL_EIO;
        }
        c += w;
        n -= (size_t)w;
    }
    return LL_OK;
}

/* LL_OK, LL_ENOENT (EOF before any byte), LL_EIO */
static int
proc_read_all(int fd, void *p, size_t n)
{
    char *c = p;
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, c + got, n - got);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN) {
                struct pollfd pf = { fd, POLLIN, 0 };
                poll(&pf, 1, -1);
                continue;
            }
            return LL_EIO;
        }
        if (r == 0)
            return got == 0 ? LL_ENOENT : LL_EIO;
        got += (size_t)r;
    }
    return LL_OK;
}

int
ll_proc_write_frame(int fd, uint32_t tag, const void *data, size_t len)
{
    uint32_t hdr[2];
    sigset_t pipe_set, old;
    int rc;

    if (len > UINT32_MAX)
        return LL_EINVAL;
    hdr[0] = (uint32_t)len;
    hdr[1] = tag;
    /* A dead reader must be an error code, not a SIGPIPE that kills the
     * whole app: block it around the write and swallow it if raised (the
     * library-safe way; the process-wide disposition is left alone). */
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    rc = proc_write_all(fd, hdr, sizeof hdr);
    if (rc == LL_OK && len > 0)
        rc = proc_write_all(fd, data, len);
    if (rc != LL_OK && errno == EPIPE && !sigismember(&old, SIGPIPE)) {
        struct timespec zero = { 0, 0 };
        while (sigtimedwait(&pipe_set, NULL, &zero) == SIGPIPE)
            ;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

int
ll_proc_read_frame(int fd, uint32_t *tag, ll_buf *out)
{
    uint32_t hdr[2];
    int rc = proc_read_all(fd, hdr, sizeof hdr);
    out->len = 0;
    if (rc != LL_OK)
        return rc;
    *tag = hdr[1];
    if (out->cap < (size_t)hdr[0] + 1) {
        char *n = ll_realloc(out->data, (size_t)hdr[0] + 1);
        if (n == NULL)
            return LL_ENOMEM;
        out->data = n;
        out->cap = (size_t)hdr[0] + 1;
    }
    if (hdr[0] > 0 && proc_read_all(fd, out->data, hdr[0]) != LL_OK)
        return LL_EIO;
    out->len = hdr[0];
    out->data[out->len] = '\0';
    return LL_OK;
}

/* }==== */

/* {==== one child */

struct ll_proc {
    ll_list_node all;        /* in proc_all */
    pid_t        pid;
    int          in_w, out_r, text_r;
    bool         reaped;
    int          exitcode;
};

static ll_list_node proc_all = { &proc_all, &proc_all };

static void
proc_close(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

int
ll_proc_start(ll_proc_main_fn fn, void *ud, ll_proc **out)
{
    int in[2] = { -1, -1 }, res[2] = { -1, -1 }, text[2] = { -1, -1 };
    ll_proc *p;
    pid_t parent = getpid(), pid;

    *out = NULL;
    p = ll_calloc(1, sizeof *p);
    if (p == NULL)
        return LL_ENOMEM;
    if (proc_sys->pipe2(in, O_CLOEXEC) != 0 ||
        proc_sys->pipe2(res, O_CLOEXEC) != 0 ||
        proc_sys->pipe2(text, O_CLOEXEC) != 0)
        goto fail;
    fflush(NULL);                 /* or the child would flush our buffers */
    pid = proc_sys->fork();
    if (pid < 0)
        goto fail;
    if (pid == 0) {
        ll_list_node *n;
        int rc;
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(1);
        for (n = proc_all.next; n != &proc_all; n = n->next) {
            ll_proc *o = ll_container_of(n, ll_proc, all);
            proc_close(&o->in_w);
            proc_close(&o->out_r);
            proc_close(&o->text_r);
        }
        close(in[1]);
        close(res[0]);
        close(text[0]);
        dup2(text[1], STDOUT_FILENO);
        close(text[1]);
        rc = fn(ud, in[0], res[1]);
        fflush(stdout);
        _exit(rc);
    }
    close(in[0]);
    close(res[1]);
    close(text[1]);
    p->pid = pid;
    p->in_w = in[1];
    p->out_r = res[0];
    p->text_r = text[0];
    fcntl(p->text_r, F_SETFL, fcntl(p->text_r, F_GETFL) | O_NONBLOCK);
    ll_list_push_back(&proc_all, &p->all);
    *out = p;
    return LL_OK;

fail:
    proc_close(&in[0]);
    proc_close(&in[1]);
    proc_close(&res[0]);
    proc_close(&res[1]);
    proc_close(&text[0]);
    proc_close(&text[1]);
    ll_free(p);
    return LL_EIO;
}

pid_t ll_proc_pid(const ll_proc *p) { return p->pid; }
int   ll_proc_in_fd(const ll_proc *p) { return p->in_w; }
int   ll_proc_out_fd(const ll_proc *p) { return p->out_r; }
int   ll_proc_text_fd(const ll_proc *p) { return p->text_r; }

size_t
ll_proc_read_text(ll_proc *p, ll_buf *buf)
{
    char tmp[4096];
    size_t total = 0;
    for (;;) {
        ssize_t r;
        if (p->text_r < 0)
            break;
        r = read(p->text_r, tmp, sizeof tmp);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0) {
            proc_close(&p->text_r);    /* EOF: the child closed stdout */
            break;
        }
        if (r < 0)
            break;
        if (buf != NULL)
            ll_buf_add(buf, tmp, (size_t)r);
        total += (size_t)r;
    }
    return total;
}

void
ll_proc_close_in(ll_proc *p)
{
    proc_close(&p->in_w);
}

static bool
proc_reap(ll_proc *p, int options)
{
    int st;
    pid_t r;
    if (p->reaped)
        return true;
    do
        r = proc_sys->waitpid(p->pid, &st, options);
    while (r < 0 && errno == EINTR);
    if (r != p->pid)
        return false;
    p->reaped = true;
    p->exitcode = WIFEXITED(st) ? WEXITSTATUS(st)
                : WIFSIGNALED(st) ? -WTERMSIG(st) : -1;
    return true;
}

int
ll_proc_wait(ll_proc *p, int64_t timeout_ns, ll_buf *text, int *exitcode)
{
    int64_t deadline = timeout_ns >= 0 ? ll_mono_ns() + timeout_ns : -1;
    for (;;) {
        ll_proc_read_text(p, text);
        if (proc_reap(p, WNOHANG)) {
            ll_proc_read_text(p, text);
            if (exitcode != NULL)
                *exitcode = p->exitcode;
            return LL_OK;
        }
        if (deadline >= 0 && ll_mono_ns() >= deadline)
            return LL_ETIMEDOUT;
        /* No pidfd needed: wake on text, else re-check every 2 ms. */
        if (p->text_r >= 0) {
            struct pollfd pf = { p->text_r, POLLIN, 0 };
            poll(&pf, 1, 2);
        } else {
            struct timespec ts = { 0, 2000000 };
            nanosleep(&ts, NULL);
        }
    }
}

bool
ll_proc_exited(const ll_proc *p, int *exitcode)
{
    if (p->reaped && exitcode != NULL)
        *exitcode = p->exitcode;
    return p->reaped;
}

int
ll_proc_signal(ll_proc *p, int sig)
{
    if (p->reaped)
        return LL_OK;
    if (proc_sys->kill(p->pid, sig) != 0 && errno != ESRCH)
        return LL_EINVAL;
    return LL_OK;
}

void
ll_proc_free(ll_proc *p)
{
    if (p == NULL)
        return;
    proc_close(&p->in_w);
    if (!p->reaped && !proc_reap(p, WNOHANG)) {
        proc_sys->kill(p->pid, SIGKILL);
        proc_reap(p, 0);
    }
    proc_close(&p->out_r);
    proc_close(&p->text_r);
    ll_list_remove(&p->all);
    ll_free(p);
}

/* }==== */

/* {==== the pool */

struct ll_procpool {
    int                n;
    ll_proc          **w;
    ll_procpool_job  **busy;      /* job in flight per worker, or NULL */
    ll_list_node       queue;
    size_t             pending;   /* queued + in flight */
    bool               shut;
    char              *broken;
    ll_procpool_stats  st;
    ll_buf             spill;     /* children's text met without a buffer */
};

int
ll_procpool_new(int n, ll_proc_main_fn child_main, void *ud, ll_procpool **out)
{
    ll_procpool *pp;
    int i, rc;

    *out = NULL;
    if (n < 1 || child_main == NULL)
        return LL_EINVAL;
    pp = ll_calloc(1, sizeof *pp);
    if (pp == NULL)
        return LL_ENOMEM;
    ll_list_init(&pp->queue);
    pp->w = ll_calloc((size_t)n, sizeof *pp->w);
    pp->busy = ll_calloc((size_t)n, sizeof *pp->busy);
    if (pp->w == NULL || pp->busy == NULL) {
        ll_procpool_free(pp);
        return LL_ENOMEM;
    }
    for (i = 0; i < n; i++) {
        rc = ll_proc_start(child_main, ud, &pp->w[i]);
        if (rc != LL_OK) {
            ll_procpool_free(pp);
            return rc;
        }
        pp->n = i + 1;
    }
    *out = pp;
    return LL_OK;
}

static void
procpool_finish(ll_procpool *pp, ll_procpool_job *job, int status)
{
    job->state = LL_PROCPOOL_IDLE;
    job->t_reply = ll_mono_ns();
    pp->pending--;
    job->done(job, status);
}

/* A worker died: the whole pool is unusable (ProcessPoolExecutor). Kill
 * and reap the rest, fail everything pending. */
static void
procpool_break(ll_procpool *pp, int dead, ll_buf *text)
{
    ll_list_node *n;
    int i, code = 0;
    char how[48];

    if (pp->broken != NULL)
        return;
    if (text == NULL)
        text = &pp->spill;      /* handed over at the next poll */
    ll_proc_signal(pp->w[dead], SIGKILL);    /* a torn frame: make sure */
    ll_proc_wait(pp->w[dead], -1, text, &code);
    if (code < 0)
        snprintf(how, sizeof how, "killed by signal %d", -code);
    else
        snprintf(how, sizeof how, "exit code %d", code);
    pp->broken = ll_asprintf("BrokenProcessPool: a child process terminated "
                             "abruptly while the future was running or "
                             "pending (pid %d, %s)",
                             (int)ll_proc_pid(pp->w[dead]), how);
    for (i = 0; i < pp->n; i++) {
        ll_proc_signal(pp->w[i], SIGKILL);
        ll_proc_wait(pp->w[i], -1, text, NULL);
    }
    for (i = 0; i < pp->n; i++) {
        ll_procpool_job *job = pp->busy[i];
        if (job != NULL) {
            pp->busy[i] = NULL;
            procpool_finish(pp, job, LL_EIO);
        }
    }
    while ((n = ll_list_pop_front(&pp->queue)) != NULL)
        procpool_finish(pp, ll_container_of(n, ll_procpool_job, node), LL_EIO);
}

static void
procpool_dispatch(ll_procpool *pp, ll_buf *text)
{
    int i;
    for (i = 0; i < pp->n && !ll_list_empty(&pp->queue) && !pp->broken; i++) {
        ll_procpool_job *job;
        if (pp->busy[i] != NULL || ll_proc_in_fd(pp->w[i]) < 0)
            continue;
        job = ll_container_of(ll_list_pop_front(&pp->queue), ll_procpool_job,
                              node);
        job->state = LL_PROCPOOL_SENT;
        job->pid = ll_proc_pid(pp->w[i]);
        job->t_sent = ll_mono_ns();
        pp->busy[i] = job;
        if (ll_proc_write_frame(ll_proc_in_fd(pp->w[i]), 0, job->in.data,
                                job->in.len) != LL_OK) {
            procpool_break(pp, i, text);
            return;
        }
        pp->st.messages_sent++;
        pp->st.bytes_sent += job->in.len + 8;
    }
}

int
ll_procpool_submit(ll_procpool *pp, ll_procpool_job *job)
{
    if (job == NULL || job->done == NULL || job->state != LL_PROCPOOL_IDLE)
        return LL_EINVAL;
    if (pp->broken != NULL)
        return LL_EIO;
    if (pp->shut)
        return LL_ESTATE;
    job->state = LL_PROCPOOL_QUEUED;
    job->pid = 0;
    job->t_submit = ll_mono_ns();
    ll_list_init(&job->node);
    ll_list_push_back(&pp->queue, &job->node);
    pp->pending++;
    procpool_dispatch(pp, NULL);
    return LL_OK;
}

int
ll_procpool_cancel(ll_procpool *pp, ll_procpool_job *job)
{
    if (job->state == LL_PROCPOOL_IDLE)
        return LL_EINVAL;
    if (job->state != LL_PROCPOOL_QUEUED)
        return LL_EBUSY;
    ll_list_remove(&job->node);
    procpool_finish(pp, job, LL_ECANCELED);
    return LL_OK;
}

int
ll_procpool_poll(ll_procpool *pp, int64_t timeout_ns, ll_buf *text)
{
    struct pollfd *pf;
    int i, nfd = 0, done = 0, ms;

    if (pp->spill.len > 0 && text != NULL) {
        ll_buf_add(text, pp->spill.data, pp->spill.len);
        pp->spill.len = 0;
    }
    if (pp->broken != NULL)
        return 0;
    procpool_dispatch(pp, text);
    if (pp->broken != NULL)
        return 0;
    pf = ll_calloc((size_t)pp->n * 2, sizeof *pf);
    if (pf == NULL)
        return 0;
    for (i = 0; i < pp->n; i++) {
        pf[nfd++] = (struct pollfd){ ll_proc_out_fd(pp->w[i]), POLLIN, 0 };
        pf[nfd++] = (struct pollfd){ ll_proc_text_fd(pp->w[i]), POLLIN, 0 };
    }
    ms = timeout_ns < 0 ? -1 : (int)((timeout_ns + 999999) / 1000000);
    if (poll(pf, (nfds_t)nfd, ms) > 0) {
        for (i = 0; i < pp->n && pp->broken == NULL; i++) {
            struct pollfd *o = &pf[2 * i], *t = &pf[2 * i + 1];
            if (t->fd >= 0 && t->revents)
                ll_proc_read_text(pp->w[i], text);
            if (o->fd >= 0 && (o->revents & (POLLIN | POLLHUP | POLLERR))) {
                ll_procpool_job *job = pp->busy[i];
                ll_buf reply;
                uint32_t tag = 0;
                int rc;
                ll_buf_init(&reply);
                rc = ll_proc_read_frame(o->fd, &tag, &reply);
                if (rc != LL_OK || job == NULL) {
                    ll_buf_close(&reply);
                    procpool_break(pp, i, text);
                    break;
                }
                pp->st.messages_received++;
                pp->st.bytes_received += reply.len + 8;
                pp->busy[i] = NULL;
                ll_buf_close(&job->out);
                job->out = reply;
                job->tag = tag;
                procpool_finish(pp, job, LL_OK);
                done++;
            }
        }
    }
    ll_free(pf);
    if (pp->broken == NULL)
        procpool_dispatch(pp, text);
    return done;
}

size_t ll_procpool_pending(const ll_procpool *pp) { return pp->pending; }
int    ll_procpool_size(const ll_procpool *pp) { return pp->n; }
const char *ll_procpool_broken(const ll_procpool *pp) { return pp->broken; }

void
ll__procpool_worker_fds(const ll_procpool *pp, int i, int *out_fd,
                        int *text_fd)
{
    *out_fd = *text_fd = -1;
    if (i < 0 || i >= pp->n || pp->broken != NULL)
        return;
    *out_fd = ll_proc_out_fd(pp->w[i]);
    *text_fd = ll_proc_text_fd(pp->w[i]);
}

pid_t
ll_procpool_pid(const ll_procpool *pp, int i)
{
    return i >= 0 && i < pp->n ? ll_proc_pid(pp->w[i]) : -1;
}

void
ll_procpool_stats_get(const ll_procpool *pp, ll_procpool_stats *st)
{
    *st = pp->st;
}

void
ll_procpool_shutdown(ll_procpool *pp, bool cancel, ll_buf *text)
{
    ll_list_node *n;
    int i;

    if (cancel)
        while ((n = ll_list_pop_front(&pp->queue)) != NULL)
            procpool_finish(pp, ll_container_of(n, ll_procpool_job, node),
                            LL_ECANCELED);
    pp->shut = true;
    while (pp->pending > 0 && pp->broken == NULL)
        ll_procpool_poll(pp, -1, text);
    if (pp->spill.len > 0 && text != NULL) {
        ll_buf_add(text, pp->spill.data, pp->spill.len);
        pp->spill.len = 0;
    }
    for (i = 0; i < pp->n; i++)
        ll_proc_close_in(pp->w[i]);
    for (i = 0; i < pp->n; i++)
        if (ll_proc_wait(pp->w[i], 5000000000LL, text, NULL) != LL_OK) {
            ll_proc_signal(pp->w[i], SIGKILL);
            ll_proc_wait(pp->w[i], -1, text, NULL);
        }
}

void
ll_procpool_free(ll_procpool *pp)
{
    int i;
    if (pp == NULL)
        return;
    if (pp->n > 0)
        ll_procpool_shutdown(pp, true, NULL);
    for (i = 0; i < pp->n; i++)
        ll_proc_free(pp->w[i]);
    ll_free(pp->w);
    ll_free(pp->busy);
    ll_free(pp->broken);
    ll_buf_close(&pp->spill);
    ll_free(pp);
}

/* }==== */

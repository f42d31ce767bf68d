/* SPDX-License-Identifier: MIT
 * grader/check_child.c -- the supervised child every grading runs in:
 * sandboxed fork, pipes drained while waiting, wall limit measured here,
 * whole-tree kill, and the limit verdicts (check_int.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_int.h"
#include "checklib.h"
#include "engine/lua/host.h"

void
check_fail(ll_result *r, ll_verdict v, const char *fmt, const char *a)
{
    r->verdict = ll_verdict_worst(r->verdict, v);
    ll_free(r->error);
    r->error = ll_asprintf(fmt, a ? a : "");
}

/* {=================== supervised child ===================} */


/* Fork into the sandbox (prepared in c->sb); in the child, wire fds 1,2
 * and 3 (the result fd) to pipes, stdin to /dev/null, and confine it.
 * Returns 0 in the child, 1 in the parent, -1 on failure. */
int
check_fork(check_child *c, const ll_sandbox_limits *lim)
{
    int p[3][2], i;
    pid_t parent = getpid();

    for (i = 0; i < 3; i++) {
        ll_buf_init(&c->buf[i]);
        c->fd[i] = -1;
        p[i][0] = p[i][1] = -1;
    }
    for (i = 0; i < 3; i++)
        if (pipe2(p[i], O_CLOEXEC) != 0)
            goto fail;
    fflush(NULL);
    c->pid = fork();
    if (c->pid < 0)
        goto fail;
    if (c->pid == 0) {
        /* the key first out of the way of the dup2s below */
        int key = c->keyfd >= 0 ? fcntl(c->keyfd, F_DUPFD, 10) : -1;
        int devnull = open("/dev/null", O_RDONLY);
        if ((c->keyfd >= 0 && key < 0) || devnull < 0 || dup2(devnull, 0) < 0 || dup2(p[0][1], 1) < 0 ||
            dup2(p[1][1], 2) < 0 || dup2(p[2][1], 3) < 0)
            _exit(126);
        /* fd 4: the seal key, read and closed by the harness before any
         * student code runs; never an fd of ours left open by chance */
        if (key >= 0 ? dup2(key, 4) < 0 : (close(4), false))
            _exit(126);
        if (ll_sandbox_enter(&c->sb, lim, parent) != LL_OK) {
            static const char msg[] = "looplab sandbox: cannot confine the child\n";
            ssize_t w = write(2, msg, sizeof msg - 1);
            (void)w;
            _exit(126);
        }
        return 0;
    }
    c->sb.pid = c->pid;
    for (i = 0; i < 3; i++) {
        close(p[i][1]);
        c->fd[i] = p[i][0];
    }
    return 1;
fail:
    for (i = 0; i < 3; i++) {
        if (p[i][0] >= 0) close(p[i][0]);
        if (p[i][1] >= 0) close(p[i][1]);
    }
    return -1;
}

static bool
check_wait(check_child *c, int flags)
{
    struct rusage ru;
    pid_t w;
    while ((w = wait4(c->pid, &c->status, flags, &ru)) < 0 && errno == EINTR)
        ;
    if (w != c->pid)
        return false;
    c->cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
             (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    return true;
}

/* Drain all three pipes while waiting (never wait first: a full pipe
 * would deadlock). EOF is not completion: once the main process has ended
 * we give stragglers 100 ms, then kill the whole tree -- a daemon holding
 * our pipes must not hang us. Times are measured here. */
void
check_supervise(check_child *c, double timeout_s)
{
    int64_t start = ll_mono_ns(), deadline = start + ll_clock_s2ns(timeout_s);
    int64_t exit_at = 0;
    char chunk[16384];
    int open_fds = 3, i;
    bool reaped = false;

    for (;;) {
        struct pollfd pf[3];
        int64_t now = ll_mono_ns(), wait_ms;
        int n = 0, map[3];
        if (!reaped && check_wait(c, WNOHANG)) {
            reaped = c->exited = true;
            exit_at = now;
        }
        if (reaped && (open_fds == 0 || now - exit_at > 100000000LL))
            break;
        if (ll_sandbox_interrupted()) {
            c->interrupted = true;     /* torn down below like a timeout */
            break;
        }
        if (!reaped && now >= deadline) {
            c->timed_out = true;
            break;
        }
        /* short polls: also notice the exit of a child that prints nothing */
        wait_ms = (deadline - now) / 1000000 + 1;
        if (wait_ms > 10)
            wait_ms = 10;
        for (i = 0; i < 3; i++) {
            if (c->fd[i] >= 0) {
                pf[n].fd = c->fd[i];
                pf[n].events = POLLIN;
                map[n++] = i;
            }
        }
        if (poll(pf, (nfds_t)n, (int)wait_ms) < 0 && errno != EINTR)
            break;
        for (i = 0; i < n; i++) {
            ssize_t r;
            int k = map[i];
            if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            r = read(c->fd[k], chunk, sizeof chunk);
            if (r <= 0) {
                close(c->fd[k]);
                c->fd[k] = -1;
                open_fds--;
                continue;
            }
            if (c->buf[k].len + (size_t)r > CHECK_OUT_CAP) {
                c->capped = true;
                r = (ssize_t)(CHECK_OUT_CAP - c->buf[k].len);
            }
            ll_buf_add(&c->buf[k], chunk, (size_t)r);
        }
        if (c->capped)
            break;
    }
    kill(-c->pid, SIGKILL);          /* the whole group, finished or not */
    if (!reaped)
        check_wait(c, 0);
    ll_sandbox_reap(&c->sb);         /* setsid daemons, the sandbox uid */
    for (i = 0; i < 3; i++)
        if (c->fd[i] >= 0) {
            close(c->fd[i]);
            c->fd[i] = -1;
        }
    c->wall = (double)(ll_mono_ns() - start) / 1e9;
}

void
check_child_close(check_child *c)
{
    int i;
    for (i = 0; i < 3; i++)
        ll_buf_close(&c->buf[i]);
    ll_sandbox_cleanup(&c->sb);
}

bool
check_killed_by_memory(const check_child *c)
{
    const char *err = c->buf[1].data ? c->buf[1].data : "";
    return strstr(err, "MemoryError") != NULL ||
           strstr(err, "not enough memory") != NULL;
}

/* The limit verdicts, decided by the parent from what it saw (never from
 * the child's own report). False when none applies. */
bool
check_limit_verdict(const check_child *c, double timeout_s, ll_result *r)
{
    char lim[32];
    snprintf(lim, sizeof lim, "%g", timeout_s);
    if (c->interrupted) {
        check_fail(r, LL_VERDICT_INTERNAL, "interrupted: the grader was "
                   "stopped by a signal before the run ended%s", "");
        return true;
    }
    if (c->timed_out) {
        check_fail(r, LL_VERDICT_TLE, "took longer than %s seconds of real "
                   "time (an endless loop, or waiting for something that "
                   "never comes?)", lim);
        return true;
    }
    if (WIFSIGNALED(c->status) && (WTERMSIG(c->status) == SIGXCPU ||
        (WTERMSIG(c->status) == SIGKILL && c->cpu >= timeout_s + 0.9))) {
        check_fail(r, LL_VERDICT_TLE, "used more than %s seconds of CPU time "
                   "(an endless loop?)", lim);
        return true;
    }
    if (c->capped || (WIFSIGNALED(c->status) && WTERMSIG(c->status) == SIGXFSZ)) {
        check_fail(r, LL_VERDICT_OLE, "%s", c->capped
                   ? "printed more than 1 MiB of output (a loop that never "
                     "stops printing?)"
                   : "wrote a file larger than 16 MiB");
        return true;
    }
    return false;
}

char *
check_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    ll_buf b;
    char chunk[8192];
    size_t n;
    if (f == NULL)
        return NULL;
    ll_buf_init(&b);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ll_buf_add(&b, chunk, n);
    fclose(f);
    ll_buf_add(&b, "", 0);
    return ll_buf_take(&b);
}

/* One valid UTF-8 sequence at s (n bytes left): its length, 0 if invalid
 * (overlong, surrogate, past U+10FFFF, truncated, NUL). */
static size_t
utf8_valid_len(const unsigned char *s, size_t n)
{
    size_t len, i;
    uint32_t cp;
    if (s[0] == 0)
        return 0;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf) { len = 2; cp = s[0] & 0x1f; }
    else if (s[0] >= 0xe0 && s[0] <= 0xef) { len = 3; cp = s[0] & 0x0f; }
    else if (s[0] >= 0xf0 && s[0] <= 0xf4) { len = 4; cp = s[0] & 0x07; }
    else return 0;
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return 0;
    return len;
}

char *
check_utf8_copy(const char *s, size_t n)
{
    ll_buf b;
    size_t i = 0;
    ll_buf_init(&b);
    while (s != NULL && i < n) {
        size_t k = utf8_valid_len((const unsigned char *)s + i, n - i);
        if (k == 0) {
            ll_buf_add(&b, "\xef\xbf\xbd", 3);     /* U+FFFD */
            i++;
        } else {
            ll_buf_add(&b, s + i, k);
            i += k;
        }
    }
    ll_buf_add(&b, "", 0);
    return ll_buf_take(&b);
}

static void
utf8_fix(char **p)
{
    char *t;
    if (*p == NULL)
        return;
    t = check_utf8_copy(*p, strlen(*p));
    if (t != NULL) {
        ll_free(*p);
        *p = t;
    }
}

void
check_result_utf8(ll_result *r)
{
    size_t i;
    utf8_fix(&r->error);
    utf8_fix(&r->output);
    if (r->notice != NULL)
        utf8_fix(&r->notice);
    for (i = 0; i < r->nchecks; i++) {
        utf8_fix(&r->checks[i].name);
        utf8_fix(&r->checks[i].message);
        utf8_fix(&r->checks[i].measured);
    }
}

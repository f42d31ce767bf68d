/* SPDX-License-Identifier: MIT
 * engine/proc.h -- child processes and a fork-based process pool.
 *
 * A child is forked with three pipes: `in` (parent -> child, frames), `out`
 * (child -> parent, frames) and its stdout (text the parent collects, so
 * print() in a child reaches the parent's output in order of collection).
 * Frames are a u32 length, a u32 tag and the payload; payloads are opaque
 * here (the Lua layer puts serialised values in them).
 *
 * The pool keeps one job in flight per worker (so chunking is visible as
 * message counts), hands queued jobs to idle workers in submission order
 * and collects results in ll_procpool_poll, which also notices a worker
 * that died: the pool is then broken and every pending job finishes with
 * LL_EIO and the reason (BrokenProcessPool). Shutdown closes the input
 * pipes, waits for the children and reaps them: no zombies, no orphans
 * (children also get PR_SET_PDEATHSIG, so they die with the parent).
 *
 * fork/pipe/waitpid/kill go through an overridable table so tests can fail
 * each one (SQLite's xSetSystemCall). Everything runs on the owner thread.
 */
#ifndef LL_PROC_H
#define LL_PROC_H

#include <sys/types.h>

#include "base.h"
#include "list.h"

/* {==== the syscall seam */

typedef struct ll_proc_sys {
    pid_t (*fork)(void);
    int   (*pipe2)(int fds[2], int flags);
    pid_t (*waitpid)(pid_t pid, int *status, int options);
    int   (*kill)(pid_t pid, int sig);
} ll_proc_sys;

/* Replace the table (NULL restores the real calls). Tests only. */
void ll_proc_set_sys(const ll_proc_sys *sys);

/* }==== */

/* {==== frames */

/* Write a whole frame (blocking; retries EINTR/short writes). LL_OK or
 * LL_EIO (the reader is gone). */
int ll_proc_write_frame(int fd, uint32_t tag, const void *data, size_t len);
/* Read a whole frame into out (reset first). LL_OK, LL_ENOENT on a clean
 * end of file before a frame, LL_EIO on a torn frame or error, LL_ENOMEM. */
int ll_proc_read_frame(int fd, uint32_t *tag, ll_buf *out);

/* }==== */

/* {==== one child */

typedef struct ll_proc ll_proc;

/* Runs in the child with its ends of the pipes; the return value is the
 * exit status (the child then _exit()s without running atexit handlers or
 * flushing the parent's stdio buffers twice). */
typedef int (*ll_proc_main_fn)(void *ud, int in_fd, int out_fd);

/* Fork a child running fn(ud, in, out) with stdout redirected to a pipe.
 * LL_OK, LL_EIO (fork/pipe failed), LL_ENOMEM; *out NULL on failure. */
int   ll_proc_start(ll_proc_main_fn fn, void *ud, ll_proc **out);
pid_t ll_proc_pid(const ll_proc *p);
int   ll_proc_in_fd(const ll_proc *p);     /* parent writes jobs here */
int   ll_proc_out_fd(const ll_proc *p);    /* parent reads results here */
int   ll_proc_text_fd(const ll_proc *p);   /* the child's stdout, or -1 */
/* Drain available stdout text into buf (non-blocking). Returns the number
 * of bytes read; 0 at EOF or when nothing is there. */
size_t ll_proc_read_text(ll_proc *p, ll_buf *buf);
/* Close the parent's write end (the child sees EOF on `in`). */
void  ll_proc_close_in(ll_proc *p);
/* Wait up to timeout_ns (< 0 forever) for the child to exit, draining its
 * stdout into text (may be NULL: discarded). LL_OK and *exitcode (status,
 * or -signal as Python reports it), or LL_ETIMEDOUT. */
int   ll_proc_wait(ll_proc *p, int64_t timeout_ns, ll_buf *text, int *exitcode);
/* True once reaped. */
bool  ll_proc_exited(const ll_proc *p, int *exitcode);
/* Send a signal (ESRCH after exit is fine). LL_OK or LL_EINVAL. */
int   ll_proc_signal(ll_proc *p, int sig);
/* SIGKILL if still running, reap, close everything. */
void  ll_proc_free(ll_proc *p);

/* }==== */

/* {==== the pool */

typedef struct ll_procpool ll_procpool;
typedef struct ll_procpool_job ll_procpool_job;

typedef enum ll_procpool_state {
    LL_PROCPOOL_IDLE, LL_PROCPOOL_QUEUED, LL_PROCPOOL_SENT
} ll_procpool_state;

/* Called on the owner inside ll_procpool_poll/cancel/shutdown. status:
 * LL_OK (job->out holds the worker's reply, job->tag its tag),
 * LL_ECANCELED, or LL_EIO (the pool broke; see ll_procpool_broken). */
typedef void (*ll_procpool_done_fn)(ll_procpool_job *job, int status);

struct ll_procpool_job {
    ll_list_node        node;      /* pool-private */
    ll_buf              in;        /* request payload (caller fills) */
    ll_buf              out;       /* reply payload */
    uint32_t            tag;       /* reply tag */
    ll_procpool_done_fn done;
    void               *data;
    ll_procpool_state   state;
    pid_t               pid;       /* worker that ran it (0 if none) */
    int64_t             t_submit, t_sent, t_reply;   /* ll_mono_ns */
};

typedef struct ll_procpool_stats {
    uint64_t messages_sent, messages_received;
    uint64_t bytes_sent, bytes_received;
} ll_procpool_stats;

/* Fork n workers, each running child_main (which must loop reading
 * frames from in_fd and answering each with one frame on out_fd, until
 * EOF). LL_OK, LL_EINVAL (n < 1), LL_EIO, LL_ENOMEM. */
int  ll_procpool_new(int n, ll_proc_main_fn child_main, void *ud,
                     ll_procpool **out);
/* Queue a job (done set, state IDLE) and send it at once if a worker is
 * idle (if that worker turns out dead, the pool breaks and done callbacks
 * run from here). LL_OK, LL_EINVAL, LL_ESTATE after shutdown, LL_EIO when
 * broken. */
int  ll_procpool_submit(ll_procpool *pp, ll_procpool_job *job);
/* Take back a queued job (done runs with LL_ECANCELED now). LL_OK or
 * LL_EBUSY (already sent to a worker) / LL_EINVAL. */
int  ll_procpool_cancel(ll_procpool *pp, ll_procpool_job *job);
/* Send queued jobs to idle workers, wait up to timeout_ns (< 0 forever, 0
 * = don't) for replies or children's text, run done callbacks. Text
 * printed by children is appended to text (may be NULL). Returns the number
 * of jobs finished. */
int  ll_procpool_poll(ll_procpool *pp, int64_t timeout_ns, ll_buf *text);
size_t ll_procpool_pending(const ll_procpool *pp);
int  ll_procpool_size(const ll_procpool *pp);
pid_t ll_procpool_pid(const ll_procpool *pp, int i);
/* Worker i's result and stdout fds (-1 when closed): to watch them from
 * an event loop, then call ll_procpool_poll(pp, 0, ...) when ready. */
void ll__procpool_worker_fds(const ll_procpool *pp, int i, int *out_fd,
                             int *text_fd);
/* NULL, or why the pool broke ("BrokenProcessPool: ..."). */
const char *ll_procpool_broken(const ll_procpool *pp);
void ll_procpool_stats_get(const ll_procpool *pp, ll_procpool_stats *st);
/* Stop: cancel queued jobs when cancel, let sent ones finish (when the pool
 * is not broken), close the workers' input, wait for and reap every child.
 * Idempotent. */
void ll_procpool_shutdown(ll_procpool *pp, bool cancel, ll_buf *text);
void ll_procpool_free(ll_procpool *pp);

/* }==== */

#endif /* LL_PROC_H */

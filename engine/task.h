/* SPDX-License-Identifier: MIT
 * engine/task.h -- resumable tasks on the loop (C level, no Lua).
 *
 * A task is a record the binding embeds (in a Lua userdata for `aio`): the
 * scheduler queues its step callback when it becomes ready, traces every
 * transition (spawn, ready, run, suspend(reason), done/error/cancel) and
 * runs its done-waiters through the ready queue when it finishes, in the
 * order they were added (CPython schedules done callbacks with call_soon).
 * What a step does is the binding's business: it resumes a coroutine and,
 * before returning, either finishes the task or leaves it waiting with a
 * reason (ll_task_sleep, or ll_task_block + a later ll_task_wake).
 *
 * The record is kept small because programs hold 10^5..10^6 of them (issue
 * 3: <= 1.5 KB per aio task, a Lua thread alone is ~1.1 KB): the sleep
 * timer is allocated by the first sleep and freed when the task ends, the
 * default name "Task-<id>" is formatted only when printed (ll_task_name),
 * the binding's data rides in step_cb.data, and a waiter is one list node
 * that first sits on the waited-on list and is then queued on the loop.
 *
 * The caller owns task memory and must keep it alive while the task is
 * pending, queued or has waiters. Loop thread only.
 */
#ifndef LL_TASK_H
#define LL_TASK_H

#include "loop.h"
#include "trace.h"

typedef struct ll_task ll_task;
typedef struct ll_sched ll_sched;
typedef struct ll_task_waiter ll_task_waiter;

typedef enum ll_task_state {
    LL_TASK_PENDING,
    LL_TASK_DONE,
    LL_TASK_FAILED,
    LL_TASK_CANCELLED
} ll_task_state;

typedef void (*ll_task_step_fn)(ll_task *t);
/* A waiter's function is a loop callback: ll_task_waiter_of(cb) is the
 * waiter, w->data what it was given. */
typedef ll_callback_fn ll_task_waiter_fn;

/* Something to run (via the ready queue) when a task (or an aio future)
 * finishes. It is never on two lists at once: while waiting, node is on the
 * waited-on list; when that settles, the same node (as call.node) goes to
 * the ready queue. So it is one ll_callback (32 B), not a node plus one. */
struct ll_task_waiter {
    union {
        ll_callback call;
        struct {
            ll_list_node      node;
            ll_task_waiter_fn fn;
            void             *data;
        };
    };
};

static inline ll_task_waiter *
ll_task_waiter_of(ll_callback *cb)
{
    return ll_container_of(cb, ll_task_waiter, call);
}

/* "Task-" + 10 digits + NUL */
#define LL_TASK_NAME_MAX 16

struct ll_task {
    ll_callback     step_cb;      /* queued when ready; .data = task data */
    ll_list_node    all;          /* sched->tasks while pending; free for
                                     the binding once finished */
    ll_list_node    waiters;
    ll_timer       *timer;        /* sleeps: from the first one to the end */
    ll_sched       *sched;
    ll_task_step_fn step;
    char           *name;         /* NULL: "Task-<id>" (ll_task_name) */
    const char     *reason;       /* what it waits on; static string */
    uint32_t        id;
    uint8_t         state;        /* ll_task_state */
    bool            started;
};

/* One scheduler per loop. trace may be NULL. */
int  ll_sched_new(ll_loop *loop, ll_trace *trace, ll_sched **out);
void ll_sched_free(ll_sched *s);
ll_loop  *ll_sched_loop(ll_sched *s);
/* The binding's pointer for this scheduler (aio: its run record). */
void      ll_sched_set_data(ll_sched *s, void *data);
void     *ll_sched_data(const ll_sched *s);
ll_trace *ll_sched_trace(ll_sched *s);
/* The task whose step is running, or NULL. */
ll_task  *ll_sched_current(ll_sched *s);
size_t    ll_sched_pending(const ll_sched *s);
/* Virtual/real seconds for trace stamps. */
double    ll_sched_time(const ll_sched *s);
/* Visit pending tasks (creation order), e.g. for a deadlock report. */
void ll_sched_foreach_pending(ll_sched *s, void (*fn)(ll_task *t, void *ud),
                              void *ud);

/* The data given to ll_task_start. */
static inline void *ll_task_data(const ll_task *t) { return t->step_cb.data; }
/* t's name: its own, or "Task-<id>" formatted into buf. */
const char *ll_task_name(const ll_task *t, char buf[LL_TASK_NAME_MAX]);

/* Set up t (name copied; NULL gives "Task-<id>") and queue its first step.
 * parent (may be NULL) is named in the spawn event. LL_OK or LL_ENOMEM. */
int  ll_task_start(ll_sched *s, ll_task *t, const char *name,
                   ll_task_step_fn step, void *data, const ll_task *parent);
/* Queue the next step (no-op if already queued or finished). */
void ll_task_wake(ll_task *t);
/* Run the next step now, from a loop callback (never from inside a step):
 * CPython's task.__wakeup is itself the future's done callback, so a task
 * awaiting a future resumes one loop turn after it is resolved, not two. */
void ll_task_run_now(ll_task *t);
/* Leave the task waiting on `reason` (e.g. "gather", "task"): a waiter or
 * other event will ll_task_wake it. */
void ll_task_block(ll_task *t, const char *reason);
/* Wake after delay_ns (reason "sleep"); delay <= 0 is a bare yield that
 * requeues at the tail (reason "yield"). */
int  ll_task_sleep(ll_task *t, int64_t delay_ns);
/* Stop a pending sleep / queued step (cancellation). */
void ll_task_unschedule(ll_task *t);
/* End the task: state DONE/FAILED/CANCELLED, what = error text (traced).
 * Its waiters are queued in the order they were added. */
void ll_task_finish(ll_task *t, ll_task_state state, const char *what);
/* Run w->fn(&w->call) via the ready queue when t finishes (at once,
 * queued, if it already has). w->fn and w->data are set by the caller. */
void ll_task_add_waiter(ll_task *t, ll_task_waiter *w);
/* Unlink a waiter whether it is still waiting or already queued (safe on
 * a waiter that already ran or was never added, once prepared). */
void ll_task_remove_waiter(ll_task_waiter *w);
/* For waiter lists kept outside a task (futures): make w queueable with
 * ll_task_waiter_queue (unlinks it; fn and data are left alone). */
void ll_task_waiter_prepare(ll_task_waiter *w);
/* Take w off its list and queue its call on the loop. */
void ll_task_waiter_queue(ll_loop *loop, ll_task_waiter *w);
/* Rename (copied). LL_OK or LL_ENOMEM (the old name stays). */
int  ll_task_set_name(ll_task *t, const char *name);
/* Release what ll_task_start allocated. The task must not be pending. */
void ll_task_close(ll_task *t);
/* Trace an event for this task (e.g. OUTPUT, IO_BEGIN). */
void ll_task_trace(ll_task *t, ll_ev_kind kind, const char *what);

const char *ll_task_state_name(ll_task_state s);  /* "pending", ... */

#endif /* LL_TASK_H */

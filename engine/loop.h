/* SPDX-License-Identifier: MIT
 * engine/loop.h -- the event loop: ready queue, timer heap, I/O wait.
 *
 * One iteration follows CPython's BaseEventLoop._run_once, phase by phase
 * (AIO_SEMANTICS 1.1): choose the wait timeout (0 if anything is ready,
 * else until the earliest timer) -> wait for I/O (real clock) or jump the
 * virtual clock to that timer -> cache `now` -> move every due timer's
 * callback to the ready queue (after what is already there) -> run only the
 * callbacks that were ready at that moment. Timers are keyed by
 * (deadline, sequence), so equal deadlines fire in the order they were
 * started: FIFO ties on purpose (CPython's heap is not stable).
 * With a non-zero seed, the callbacks ready in one iteration run in an
 * order permuted by a deterministic PRNG (schedule exploration).
 *
 * Nodes are intrusive: the loop never allocates on its hot paths except to
 * grow the timer heap. Everything here runs on the loop's thread.
 */
#ifndef LL_LOOP_H
#define LL_LOOP_H

#include "base.h"
#include "clock.h"
#include "heap.h"
#include "list.h"

typedef struct ll_loop ll_loop;
typedef struct ll_callback ll_callback;
typedef struct ll_timer ll_timer;

typedef void (*ll_callback_fn)(ll_callback *cb);
typedef void (*ll_timer_fn)(ll_timer *t);

/* A queued call: embed it, set fn (and data), ll_loop_call_soon() it. */
struct ll_callback {
    ll_list_node   node;
    ll_callback_fn fn;
    void          *data;
};

struct ll_timer {
    ll_heap_node heap;
    ll_callback  fire;      /* queued to the ready list when due */
    int64_t      deadline;  /* clock ns */
    uint64_t     seq;       /* start order: the FIFO tie-break */
    ll_timer_fn  fn;
    void        *data;
    ll_loop     *loop;
};

typedef enum ll_run_mode {
    LL_RUN_DEFAULT,   /* until nothing is ready, pending or stopped */
    LL_RUN_ONCE,      /* one iteration, waiting if needed */
    LL_RUN_NOWAIT     /* one iteration, never waiting */
} ll_run_mode;

/* New loop on the given clock (the caller keeps it alive). seed 0 = FIFO.
 * LL_OK or LL_ENOMEM/LL_EIO (epoll); *out NULL on failure. */
int  ll_loop_new(ll_clock *clock, uint64_t seed, ll_loop **out);
void ll_loop_free(ll_loop *loop);

/* Cached time of this iteration (ns). */
int64_t ll_loop_now(const ll_loop *loop);
ll_clock *ll_loop_clock(ll_loop *loop);

/* Queue cb at the tail of the ready list. It must not already be queued. */
void ll_loop_call_soon(ll_loop *loop, ll_callback *cb);
/* Remove a queued callback (no-op if not queued). */
void ll_loop_cancel_soon(ll_callback *cb);

void ll_timer_init(ll_loop *loop, ll_timer *t);
/* Fire fn(t) (via the ready queue) at now + delay_ns (delay < 0 treated as
 * 0). Restarting an active timer reschedules it. LL_EINVAL if fn is NULL,
 * LL_ENOMEM if the heap cannot grow. */
int  ll_timer_start(ll_timer *t, int64_t delay_ns, ll_timer_fn fn);
/* Same, at an absolute clock time. */
int  ll_timer_start_at(ll_timer *t, int64_t when_ns, ll_timer_fn fn);
void ll_timer_stop(ll_timer *t);
bool ll_timer_active(const ll_timer *t);

/* Run the loop. Returns the number of things still alive (ready callbacks
 * + active timers): 0 means the loop ran dry. */
int  ll_loop_run(ll_loop *loop, ll_run_mode mode);
/* Make ll_loop_run return after the current iteration. */
void ll_loop_stop(ll_loop *loop);
bool ll_loop_alive(const ll_loop *loop);
/* Counts, for diagnostics (deadlock reports, tests). */
size_t ll_loop_ready_count(const ll_loop *loop);
size_t ll_loop_timer_count(const ll_loop *loop);
uint64_t ll_loop_iterations(const ll_loop *loop);

/* Backend (engine/loop_epoll.c): wait for I/O up to timeout_ns (-1 = none
 * pending: return at once). Returns the number of events handled. */
int  ll__loop_backend_create(void);
void ll__loop_backend_free(int fd);
int  ll__loop_backend_wait(int fd, int64_t timeout_ns);

#endif /* LL_LOOP_H */

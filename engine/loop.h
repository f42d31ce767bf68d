/* SPDX-License-Identifier: MIT
 * engine/loop.h -- the event loop: ready queue, timer heap, fd watchers.
 *
 * One iteration follows CPython's BaseEventLoop._run_once, phase by phase:
 * choose the wait timeout (0 if anything is ready,
 * else until the earliest timer) -> wait for I/O (real clock) or jump the
 * virtual clock to that timer (see "When virtual time moves") -> cache `now`
 * -> queue the callbacks of ready fds -> move every due timer's callback to
 * the ready queue (after what is already there) -> run only the callbacks
 * that were ready at that moment. Timers are keyed by (deadline, sequence),
 * so equal deadlines fire in the order they were started: FIFO ties on
 * purpose (CPython's heap is not stable). With a non-zero seed, the
 * callbacks ready in one iteration run in an order permuted by a
 * deterministic PRNG (schedule exploration).
 *
 * I/O is polled once per iteration (one batch of ready callbacks), never
 * once per callback, and not at all while no fd is watched and no external
 * source is in flight.
 *
 * When virtual time moves. The virtual clock may only jump to the next timer
 * when nothing can become ready without the jump:
 *   1. the ready queue is empty;
 *   2. a zero-timeout poll of the watched fds reported nothing;
 *   3. if I/O was issued since the last poll (ll_loop_io_settle: a write,
 *      connect or close that the kernel may still be delivering to a
 *      watched fd of this process), one more poll with a short real timeout
 *      (LL_LOOP_SETTLE_NS) also reported nothing;
 *   4. no external source is in flight (ll_loop_ref count is 0): a pool job
 *      running on another thread, a TCP connect in progress. While one is,
 *      the loop blocks in epoll with virtual time frozen until it produces
 *      an event or a wakeup, exactly as if it completed instantly.
 * A watcher alone is not in flight: a listening socket with no client, or a
 * socket whose peer (in this process) is itself waiting, cannot become ready
 * by itself. So with no timer left the virtual loop ends even if fds are
 * watched (aio.run then reports a deadlock) instead of hanging.
 *   5. a peer in another process may answer at any time, or never: while
 *      such waits are registered (ll_loop_pace), the jump is first spent as
 *      real time in epoll, and an event that arrives after d real ns moves
 *      virtual time by d. Virtual time then runs no faster than real time,
 *      so an outside server's reply is seen before a virtual timeout that it
 *      would beat in reality, and a timeout still fires if it never replies.
 * The real clock simply waits in epoll until the earliest timer (ns
 * precision, never early), or for as long as it takes while a non-weak
 * watcher or a ref keeps the loop alive.
 *
 * Nodes are intrusive: the loop never allocates on its hot paths except to
 * grow the timer heap. Everything here runs on the loop's thread, except
 * ll_loop_wakeup and ll_async_send (any thread, async-signal-safe).
 */
#ifndef LL_LOOP_H
#define LL_LOOP_H

#include "base.h"
#include "clock.h"
#include "heap.h"
#include "list.h"

#include <stdatomic.h>

typedef struct ll_loop ll_loop;
typedef struct ll_callback ll_callback;
typedef struct ll_timer ll_timer;
typedef struct ll_io ll_io;
typedef struct ll_async ll_async;

typedef void (*ll_callback_fn)(ll_callback *cb);
typedef void (*ll_timer_fn)(ll_timer *t);
/* revents: the LL_IO_* bits that were ready (ERROR/HUP always reported). */
typedef void (*ll_io_fn)(ll_io *w, unsigned revents);
typedef void (*ll_async_fn)(ll_async *a);

enum {
    LL_IO_READ  = 1u,
    LL_IO_WRITE = 2u,
    LL_IO_ERROR = 4u,
    LL_IO_HUP   = 8u
};

/* Real-time bound of the settle poll (rule 3 above). */
#define LL_LOOP_SETTLE_NS 2000000LL

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

/* An fd watcher. Caller-owned; fields are the loop's. */
struct ll_io {
    ll_callback  fire;      /* queued when the fd is ready */
    ll_list_node node;      /* loop->watchers */
    ll_loop     *loop;      /* NULL once the loop is freed */
    ll_io_fn     fn;
    void        *data;
    int          fd;
    unsigned     events;    /* wanted LL_IO_READ|LL_IO_WRITE */
    unsigned     kevents;   /* registered with the kernel (lazily trimmed) */
    unsigned     revents;   /* accumulated while queued */
    bool         registered;
    bool         weak;      /* does not keep the loop alive */
};

/* A cross-thread doorbell: ll_async_send from any thread makes fn(a) run on
 * the loop thread (once per batch of sends, through the ready queue). */
struct ll_async {
    ll_callback  call;
    ll_list_node node;      /* loop->asyncs */
    ll_loop     *loop;
    ll_async_fn  fn;
    void        *data;
    atomic_int   pending;
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

/* Seeded runs permute only the ready callbacks whose fn is this one (the
 * scheduler's task step), leaving every other callback in FIFO order;
 * NULL (the default) permutes them all. */
void ll_loop_set_shuffle_fn(ll_loop *loop, ll_callback_fn fn);

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

/* Watch fd for events (LL_IO_READ|LL_IO_WRITE; may be 0 = registered but
 * paused): cb(w, revents) runs through the ready queue when it is ready.
 * w is caller storage, initialised here; the fd stays the caller's. Level
 * triggered: while the wanted condition holds, cb runs once per iteration.
 * LL_EINVAL (bad fd, NULL cb, bad bits), LL_EIO (epoll_ctl failed). */
int  ll_loop_watch_fd(ll_loop *loop, ll_io *w, int fd, unsigned events,
                      ll_io_fn cb, void *data);
/* Change what w waits for; 0 pauses it (no syscall: the kernel interest is
 * trimmed lazily when an unwanted event shows up). A queued callback of a
 * paused watcher is withdrawn. LL_OK or LL_EIO. No-op after loop free. */
int  ll_loop_modify_fd(ll_io *w, unsigned events);
/* Forget w (call before closing its fd). Safe twice and after loop free. */
void ll_loop_unwatch_fd(ll_io *w);
/* A weak watcher delivers events but does not keep ll_loop_run going (a
 * listening server nobody waits on; libuv's uv_unref). */
void ll_io_set_weak(ll_io *w, bool weak);

/* In-flight external sources (see the rule above): while the count is
 * positive the loop stays alive, and the virtual clock does not jump.
 * Pair every ref with one unref. Loop thread only. */
void ll_loop_ref(ll_loop *loop);
void ll_loop_unref(ll_loop *loop);
int  ll_loop_refs(const ll_loop *loop);
/* Rule 5: delta = +1 when a wait on a peer outside this process starts,
 * -1 when it ends. Loop thread only. */
void ll_loop_pace(ll_loop *loop, int delta);
/* I/O was just issued that may make a watched fd of this process ready
 * (rule 3): the next virtual jump first gives the kernel a short real-time
 * window to deliver it. Loop thread only. */
void ll_loop_io_settle(ll_loop *loop);

/* Interrupt a blocking poll (eventfd write). Any thread; async-signal-safe. */
void ll_loop_wakeup(ll_loop *loop);
/* Set up a doorbell (loop thread). It does not keep the loop alive: take a
 * ll_loop_ref for each job that will ring it. */
void ll_async_init(ll_loop *loop, ll_async *a, ll_async_fn fn, void *data);
/* Ring it: fn runs soon on the loop thread. Any thread; async-signal-safe. */
void ll_async_send(ll_async *a);
/* Detach it (loop thread); a pending ring is dropped. Safe after loop free. */
void ll_async_close(ll_async *a);

/* Run the loop. Returns the number of things still alive (ready callbacks
 * + active timers + non-weak active watchers + refs): 0 means the loop ran
 * dry. A virtual-clock loop also returns when only watchers are left and
 * none of them can become ready by itself (rule above). */
int  ll_loop_run(ll_loop *loop, ll_run_mode mode);
/* Make ll_loop_run return after the current iteration. */
void ll_loop_stop(ll_loop *loop);
bool ll_loop_alive(const ll_loop *loop);
/* Counts, for diagnostics (deadlock reports, tests). */
size_t ll_loop_ready_count(const ll_loop *loop);
size_t ll_loop_timer_count(const ll_loop *loop);
/* Non-weak watchers that currently want events. */
size_t ll_loop_watch_count(const ll_loop *loop);
/* Number of epoll waits issued (tests: "poll once per batch"). */
uint64_t ll_loop_polls(const ll_loop *loop);
uint64_t ll_loop_iterations(const ll_loop *loop);

/* Backend (engine/loop_epoll.c): the only code that knows epoll. Events
 * come back as (data pointer, LL_IO_* bits). */
typedef struct ll__loop_event {
    void    *data;
    unsigned events;
} ll__loop_event;

/* Create the poller and the wakeup eventfd (registered with data NULL).
 * LL_OK or LL_EIO. */
int  ll__loop_backend_open(int *epfd, int *evfd);
void ll__loop_backend_close(int epfd, int evfd);
/* Add (registered false), modify, or (events 0 and del) remove fd. */
int  ll__loop_backend_ctl(int epfd, int fd, bool registered, bool del,
                          unsigned events, void *data);
/* Wait up to timeout_ns (0 = poll, < 0 = until an event). Returns the
 * number of events stored (0 on timeout or EINTR). */
int  ll__loop_backend_poll(int epfd, int64_t timeout_ns, ll__loop_event *ev,
                           int max);
void ll__loop_backend_signal(int evfd);
void ll__loop_backend_drain(int evfd);

#endif /* LL_LOOP_H */

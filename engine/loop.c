/* SPDX-License-Identifier: MIT
 * engine/loop.c -- ready queue + timer heap + I/O wait, in CPython's order.
 *
 * ll_loop_run is a short function of named phases (libuv uv_run, CPython
 * _run_once): loop_timeout -> loop_wait (poll + queue fd callbacks, or jump
 * the virtual clock) -> loop_run_timers -> loop_run_ready.
 * Only the callbacks ready at the start of loop_run_ready run in this
 * iteration; anything they queue waits for the next one, which keeps one
 * busy task from starving the rest.
 */
#include "loop.h"

#include <string.h>

struct ll_loop {
    ll_clock    *clock;
    int64_t      now;
    ll_list_node ready;
    ll_heap      timers;
    uint64_t     timer_seq;
    uint64_t     iterations;
    uint64_t     rng;          /* 0 = FIFO, else xorshift state */
    ll_callback **batch;       /* seeded runs: this iteration's callbacks */
    size_t      *pos;          /* seeded runs: slots that may be permuted */
    size_t       batch_cap;
    ll_callback_fn shuffle_fn; /* NULL = permute all, else only these */
    int          epfd, evfd;
    ll_list_node watchers;     /* every watched fd (ll_io.node) */
    ll_list_node asyncs;       /* every doorbell (ll_async.node) */
    size_t       nwanted;      /* watchers with events != 0 */
    size_t       nstrong;      /* ... of which not weak */
    int          refs;         /* in-flight external sources */
    int          paced;        /* external peers that may speak (virtual) */
    uint64_t     polls;
    bool         settle;       /* I/O issued since the last poll */
    bool         stop;
};

int
ll_loop_new(ll_clock *clock, uint64_t seed, ll_loop **out)
{
    ll_loop *loop = ll_calloc(1, sizeof *loop);

    *out = NULL;
    if (loop == NULL)
        return LL_ENOMEM;
    loop->clock = clock;
    loop->now = ll_clock_now(clock);
    ll_list_init(&loop->ready);
    ll_heap_init(&loop->timers);
    /* splitmix the seed so small seeds give unrelated sequences */
    if (seed != 0) {
        uint64_t z = seed + 0x9E3779B97F4A7C15ULL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        loop->rng = (z ^ (z >> 31)) | 1;
    }
    ll_list_init(&loop->watchers);
    ll_list_init(&loop->asyncs);
    if (ll__loop_backend_open(&loop->epfd, &loop->evfd) != LL_OK) {
        ll_free(loop);
        return LL_EIO;
    }
    *out = loop;
    return LL_OK;
}

void
ll_loop_free(ll_loop *loop)
{
    ll_list_node *n;
    size_t i;

    if (loop == NULL)
        return;
    /* Unlink whatever is still queued or armed, so records that outlive the
     * loop (finished tasks) never point into freed memory. */
    while ((n = ll_list_pop_front(&loop->ready)) != NULL)
        ;
    for (i = 0; i < loop->timers.len; i++)
        loop->timers.items[i].node->index = (size_t)-1;
    /* Watchers and doorbells outlive the loop as inert records. */
    while ((n = ll_list_pop_front(&loop->watchers)) != NULL) {
        ll_io *w = ll_container_of(n, ll_io, node);
        w->loop = NULL;
        w->events = w->kevents = 0;
        w->registered = false;
    }
    while ((n = ll_list_pop_front(&loop->asyncs)) != NULL)
        ll_container_of(n, ll_async, node)->loop = NULL;
    ll__loop_backend_close(loop->epfd, loop->evfd);
    ll_heap_close(&loop->timers);
    ll_free(loop->batch);
    ll_free(loop->pos);
    ll_free(loop);
}

int64_t
ll_loop_now(const ll_loop *loop)
{
    return loop->now;
}

ll_clock *
ll_loop_clock(ll_loop *loop)
{
    return loop->clock;
}

void
ll_loop_call_soon(ll_loop *loop, ll_callback *cb)
{
    LL_ASSERT(!ll_list_linked(&cb->node));
    ll_list_push_back(&loop->ready, &cb->node);
}

void
ll_loop_cancel_soon(ll_callback *cb)
{
    ll_list_remove(&cb->node);
}

static void
loop_timer_fire(ll_callback *cb)
{
    ll_timer *t = cb->data;
    t->fn(t);
}

void
ll_timer_init(ll_loop *loop, ll_timer *t)
{
    memset(t, 0, sizeof *t);
    t->heap.index = (size_t)-1;
    ll_list_init(&t->fire.node);
    t->fire.fn = loop_timer_fire;
    t->fire.data = t;
    t->loop = loop;
}

bool
ll_timer_active(const ll_timer *t)
{
    return t->heap.index != (size_t)-1 || ll_list_linked(&t->fire.node);
}

void
ll_timer_stop(ll_timer *t)
{
    ll_heap_remove(&t->loop->timers, &t->heap);
    ll_list_remove(&t->fire.node);
}

int
ll_timer_start_at(ll_timer *t, int64_t when_ns, ll_timer_fn fn)
{
    if (fn == NULL)
        return LL_EINVAL;
    ll_timer_stop(t);
    t->fn = fn;
    t->deadline = when_ns;
    t->seq = t->loop->timer_seq++;
    return ll_heap_insert(&t->loop->timers, &t->heap, when_ns, t->seq);
}

int
ll_timer_start(ll_timer *t, int64_t delay_ns, ll_timer_fn fn)
{
    return ll_timer_start_at(t, t->loop->now + (delay_ns > 0 ? delay_ns : 0),
                             fn);
}

void
ll_loop_stop(ll_loop *loop)
{
    loop->stop = true;
}

size_t
ll_loop_ready_count(const ll_loop *loop)
{
    size_t n = 0;
    const ll_list_node *p;
    for (p = loop->ready.next; p != &loop->ready; p = p->next)
        n++;
    return n;
}

size_t
ll_loop_timer_count(const ll_loop *loop)
{
    return loop->timers.len;
}

uint64_t
ll_loop_iterations(const ll_loop *loop)
{
    return loop->iterations;
}

size_t
ll_loop_watch_count(const ll_loop *loop)
{
    return loop->nstrong;
}

uint64_t
ll_loop_polls(const ll_loop *loop)
{
    return loop->polls;
}

bool
ll_loop_alive(const ll_loop *loop)
{
    return !ll_list_empty(&loop->ready) || loop->timers.len > 0 ||
           loop->nstrong > 0 || loop->refs > 0;
}

/* {=================== fd watchers ===================} */

static void
loop_io_fire(ll_callback *cb)
{
    ll_io *w = cb->data;
    unsigned rev = w->revents;
    w->revents = 0;
    w->fn(w, rev);
}

static void
loop_io_count(ll_io *w, int sign)
{
    if (w->events == 0)
        return;
    w->loop->nwanted += (size_t)sign;
    if (!w->weak)
        w->loop->nstrong += (size_t)sign;
}

int
ll_loop_watch_fd(ll_loop *loop, ll_io *w, int fd, unsigned events,
                 ll_io_fn cb, void *data)
{
    if (fd < 0 || cb == NULL || (events & ~(LL_IO_READ | LL_IO_WRITE)))
        return LL_EINVAL;
    memset(w, 0, sizeof *w);
    ll_list_init(&w->fire.node);
    w->fire.fn = loop_io_fire;
    w->fire.data = w;
    w->loop = loop;
    w->fn = cb;
    w->data = data;
    w->fd = fd;
    ll_list_init(&w->node);
    ll_list_push_back(&loop->watchers, &w->node);
    return ll_loop_modify_fd(w, events);
}

int
ll_loop_modify_fd(ll_io *w, unsigned events)
{
    ll_loop *loop = w->loop;
    int rc;

    if (loop == NULL)
        return LL_OK;
    events &= LL_IO_READ | LL_IO_WRITE;
    loop_io_count(w, -1);
    w->events = events;
    loop_io_count(w, +1);
    if (events == 0) {
        ll_list_remove(&w->fire.node);   /* nobody wants it any more */
        w->revents = 0;
        return LL_OK;
    }
    /* Only widening the interest costs a syscall; narrowing is lazy. */
    if (w->registered && (events & ~w->kevents) == 0)
        return LL_OK;
    rc = ll__loop_backend_ctl(loop->epfd, w->fd, w->registered, false,
                              events | w->kevents, w);
    if (rc != LL_OK) {
        loop_io_count(w, -1);
        w->events = 0;
        return rc;
    }
    w->kevents |= events;
    w->registered = true;
    return LL_OK;
}

void
ll_loop_unwatch_fd(ll_io *w)
{
    if (w->loop == NULL)
        return;
    loop_io_count(w, -1);
    if (w->registered)
        ll__loop_backend_ctl(w->loop->epfd, w->fd, true, true, 0, NULL);
    ll_list_remove(&w->fire.node);
    ll_list_remove(&w->node);
    w->events = w->kevents = w->revents = 0;
    w->registered = false;
    w->loop = NULL;
}

void
ll_io_set_weak(ll_io *w, bool weak)
{
    if (w->loop == NULL || w->weak == weak)
        return;
    loop_io_count(w, -1);
    w->weak = weak;
    loop_io_count(w, +1);
}

/* An event arrived: queue the watcher, or trim the kernel interest to what
 * is still wanted (the lazy half of ll_loop_modify_fd). */
static void
loop_io_event(ll_loop *loop, ll_io *w, unsigned bits)
{
    unsigned want = w->events | LL_IO_ERROR | LL_IO_HUP;

    if (w->events != 0 && (bits & want) != 0) {
        w->revents |= bits & want;
        if (!ll_list_linked(&w->fire.node))
            ll_loop_call_soon(loop, &w->fire);
        return;
    }
    if (w->events == 0) {
        ll__loop_backend_ctl(loop->epfd, w->fd, true, true, 0, NULL);
        w->registered = false;
        w->kevents = 0;
    } else if (w->kevents != w->events) {
        ll__loop_backend_ctl(loop->epfd, w->fd, true, false, w->events, w);
        w->kevents = w->events;
    }
}

/* {=================== refs, wakeups, doorbells ===================} */

void
ll_loop_ref(ll_loop *loop)
{
    loop->refs++;
}

void
ll_loop_unref(ll_loop *loop)
{
    LL_ASSERT(loop->refs > 0);
    loop->refs--;
}

int
ll_loop_refs(const ll_loop *loop)
{
    return loop->refs;
}

void
ll_loop_pace(ll_loop *loop, int delta)
{
    loop->paced += delta;
    LL_ASSERT(loop->paced >= 0);
}

void
ll_loop_io_settle(ll_loop *loop)
{
    loop->settle = true;
}

void
ll_loop_wakeup(ll_loop *loop)
{
    ll__loop_backend_signal(loop->evfd);
}

static void
loop_async_fire(ll_callback *cb)
{
    ll_async *a = cb->data;
    a->fn(a);
}

void
ll_async_init(ll_loop *loop, ll_async *a, ll_async_fn fn, void *data)
{
    memset(a, 0, sizeof *a);
    ll_list_init(&a->call.node);
    a->call.fn = loop_async_fire;
    a->call.data = a;
    a->loop = loop;
    a->fn = fn;
    a->data = data;
    atomic_init(&a->pending, 0);
    ll_list_init(&a->node);
    ll_list_push_back(&loop->asyncs, &a->node);
}

void
ll_async_send(ll_async *a)
{
    /* Only the first ring since the last delivery touches the eventfd. */
    if (atomic_exchange(&a->pending, 1) == 0)
        ll__loop_backend_signal(a->loop->evfd);
}

void
ll_async_close(ll_async *a)
{
    ll_list_remove(&a->call.node);
    ll_list_remove(&a->node);
    a->loop = NULL;
}

static void
loop_run_asyncs(ll_loop *loop)
{
    ll_list_node *p;
    ll__loop_backend_drain(loop->evfd);
    for (p = loop->asyncs.next; p != &loop->asyncs; p = p->next) {
        ll_async *a = ll_container_of(p, ll_async, node);
        if (atomic_exchange(&a->pending, 0) != 0 &&
            !ll_list_linked(&a->call.node))
            ll_loop_call_soon(loop, &a->call);
    }
}

/* Poll once; queue what is ready. Returns the number of events. */
static int
loop_poll(ll_loop *loop, int64_t timeout_ns)
{
    ll__loop_event ev[64];
    int n, i;

    loop->polls++;
    loop->settle = false;
    n = ll__loop_backend_poll(loop->epfd, timeout_ns, ev, (int)LL_COUNTOF(ev));
    for (i = 0; i < n; i++) {
        if (ev[i].data == NULL)
            loop_run_asyncs(loop);
        else
            loop_io_event(loop, ev[i].data, ev[i].events);
    }
    return n;
}

/* Phase 1: how long may we wait? 0 when something is ready, -1 when there
 * is nothing at all to wait for. */
static int64_t
loop_timeout(ll_loop *loop)
{
    int64_t d;

    if (!ll_list_empty(&loop->ready) || loop->stop)
        return 0;
    if (loop->timers.len == 0)
        return -1;
    d = ll_heap_min_key(&loop->timers) - loop->now;
    return d > 0 ? d : 0;
}

/* Phase 2: poll I/O and wait until the timeout (real clock), or apply the
 * virtual-time rule of loop.h and jump the clock to the earliest deadline.
 * timeout < 0: no timer at all. Returns false when nothing can ever happen
 * again (virtual clock: only watchers left that cannot fire by themselves). */
static bool
loop_wait(ll_loop *loop, int64_t timeout)
{
    /* Doorbells only ring for jobs that hold a ref. */
    bool io = loop->nwanted > 0 || loop->refs > 0;

    if (timeout == 0) {
        if (io)
            loop_poll(loop, 0);
        return true;
    }
    if (!loop->clock->virtual_) {
        if (timeout > 0)
            timeout = ll_clock_wall_until(loop->clock, loop->now + timeout);
        if (timeout == 0 && !io)
            return true;
        loop_poll(loop, timeout);
        return true;
    }
    if (io) {
        if (loop_poll(loop, 0) > 0)
            return true;
        if (loop->settle && loop->nwanted > 0 &&
            loop_poll(loop, LL_LOOP_SETTLE_NS) > 0)
            return true;
        if (loop->refs > 0) {
            loop_poll(loop, -1);         /* virtual time stays frozen */
            return true;
        }
        if (loop->paced > 0) {
            /* An outside peer may answer: give it the jump's length in real
             * time first, and let virtual time follow real time meanwhile. */
            int64_t t0 = ll_mono_ns(), dt;
            if (loop_poll(loop, timeout) > 0) {
                dt = ll_mono_ns() - t0;
                if (timeout > 0 && dt > timeout)
                    dt = timeout;
                ll_clock_jump(loop->clock, loop->now + dt);
                return true;
            }
        }
    }
    if (timeout < 0)
        return false;
    ll_clock_jump(loop->clock, loop->now + timeout);
    return true;
}

/* Phase 3: every due timer goes to the tail of the ready queue, in
 * (deadline, seq) order. */
static void
loop_run_timers(ll_loop *loop)
{
    while (loop->timers.len > 0 &&
           ll_heap_min_key(&loop->timers) <= loop->now) {
        ll_heap_node *min = ll_heap_min(&loop->timers);
        ll_heap_remove(&loop->timers, min);
        ll_loop_call_soon(loop, &ll_container_of(min, ll_timer, heap)->fire);
    }
}

void
ll_loop_set_shuffle_fn(ll_loop *loop, ll_callback_fn fn)
{
    loop->shuffle_fn = fn;
}

static uint64_t
loop_rand(ll_loop *loop)
{
    uint64_t x = loop->rng;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    loop->rng = x;
    return x;
}

/* Seeded runs: take this iteration's callbacks out, shuffle, run. A
 * callback cancelled by an earlier one in the batch is skipped: its node is
 * unlinked by ll_loop_cancel_soon, so we re-check membership via `linked`. */
static void
loop_run_ready_shuffled(ll_loop *loop)
{
    size_t n = 0, i, m;
    ll_list_node batch, *p;

    ll_list_init(&batch);
    for (p = loop->ready.next; p != &loop->ready; p = p->next)
        n++;
    if (n == 0)
        return;
    if (n > loop->batch_cap) {
        ll_callback **b = ll_realloc(loop->batch, n * sizeof *b);
        size_t *pos;
        if (b == NULL)
            ll_panic("loop: out of memory shuffling %zu callbacks", n);
        loop->batch = b;
        pos = ll_realloc(loop->pos, n * sizeof *pos);
        if (pos == NULL)
            ll_panic("loop: out of memory shuffling %zu callbacks", n);
        loop->pos = pos;
        loop->batch_cap = n;
    }
    m = 0;
    for (i = 0; i < n; i++) {
        ll_list_node *node = ll_list_pop_front(&loop->ready);
        loop->batch[i] = ll_container_of(node, ll_callback, node);
        ll_list_push_back(&batch, node);       /* keeps `linked` true */
        if (loop->shuffle_fn == NULL || loop->batch[i]->fn == loop->shuffle_fn)
            loop->pos[m++] = i;
    }
    /* Permute only the eligible slots (task steps): other callbacks keep
     * call_soon's FIFO guarantee, which real asyncio never breaks. */
    for (i = m; i > 1; i--) {
        size_t j = (size_t)(loop_rand(loop) % i);
        ll_callback *tmp = loop->batch[loop->pos[i - 1]];
        loop->batch[loop->pos[i - 1]] = loop->batch[loop->pos[j]];
        loop->batch[loop->pos[j]] = tmp;
    }
    for (i = 0; i < n; i++) {
        ll_callback *cb = loop->batch[i];
        if (!ll_list_linked(&cb->node))
            continue;                          /* cancelled meanwhile */
        ll_list_remove(&cb->node);
        cb->fn(cb);
    }
}

/* Phase 4: run exactly the callbacks that are ready now. */
static void
loop_run_ready(ll_loop *loop)
{
    ll_list_node mark, *node;

    if (loop->rng != 0) {
        loop_run_ready_shuffled(loop);
        return;
    }
    /* A marker node at the tail bounds this iteration's batch. */
    ll_list_init(&mark);
    ll_list_push_back(&loop->ready, &mark);
    while ((node = ll_list_pop_front(&loop->ready)) != &mark) {
        ll_callback *cb = ll_container_of(node, ll_callback, node);
        cb->fn(cb);
    }
}

int
ll_loop_run(ll_loop *loop, ll_run_mode mode)
{
    loop->stop = false;
    loop->now = ll_clock_now(loop->clock);
    for (;;) {
        int64_t timeout;

        if (!ll_loop_alive(loop))
            break;
        timeout = mode == LL_RUN_NOWAIT ? 0 : loop_timeout(loop);
        if (!loop_wait(loop, timeout))
            break;
        loop->now = ll_clock_now(loop->clock);
        loop_run_timers(loop);
        loop_run_ready(loop);
        loop->iterations++;
        if (loop->stop || mode != LL_RUN_DEFAULT)
            break;
    }
    return (int)(ll_loop_ready_count(loop) + loop->timers.len +
                 loop->nstrong + (size_t)loop->refs);
}

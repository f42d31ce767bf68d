/* SPDX-License-Identifier: MIT
 * engine/loop.c -- ready queue + timer heap + I/O wait, in CPython's order.
 *
 * ll_loop_run is a short function of named phases (libuv uv_run, CPython
 * _run_once): loop_timeout -> loop_wait -> loop_run_timers -> loop_run_ready.
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
    size_t       batch_cap;
    int          backend;
    bool         stop;
};

static bool
loop_timer_less(const ll_heap_node *a, const ll_heap_node *b)
{
    const ll_timer *ta = ll_container_of(a, ll_timer, heap);
    const ll_timer *tb = ll_container_of(b, ll_timer, heap);
    if (ta->deadline != tb->deadline)
        return ta->deadline < tb->deadline;
    return ta->seq < tb->seq;
}

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
    ll_heap_init(&loop->timers, loop_timer_less);
    /* splitmix the seed so small seeds give unrelated sequences */
    if (seed != 0) {
        uint64_t z = seed + 0x9E3779B97F4A7C15ULL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        loop->rng = (z ^ (z >> 31)) | 1;
    }
    loop->backend = ll__loop_backend_create();
    if (loop->backend < 0) {
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
        loop->timers.items[i]->index = (size_t)-1;
    ll__loop_backend_free(loop->backend);
    ll_heap_close(&loop->timers);
    ll_free(loop->batch);
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
    return ll_heap_insert(&t->loop->timers, &t->heap);
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

bool
ll_loop_alive(const ll_loop *loop)
{
    return !ll_list_empty(&loop->ready) || loop->timers.len > 0;
}

/* Phase 1: how long may we wait? 0 when something is ready, -1 when there
 * is nothing at all to wait for. */
static int64_t
loop_timeout(ll_loop *loop)
{
    ll_heap_node *min;
    int64_t d;

    if (!ll_list_empty(&loop->ready) || loop->stop)
        return 0;
    min = ll_heap_min(&loop->timers);
    if (min == NULL)
        return -1;
    d = ll_container_of(min, ll_timer, heap)->deadline - loop->now;
    return d > 0 ? d : 0;
}

/* Phase 2: wait for I/O until the timeout (real clock), or jump the
 * virtual clock straight to the earliest deadline. */
static void
loop_wait(ll_loop *loop, int64_t timeout)
{
    if (timeout <= 0)
        return;
    if (loop->clock->virtual_) {
        ll_clock_jump(loop->clock, loop->now + timeout);
        return;
    }
    ll__loop_backend_wait(loop->backend,
                          ll_clock_wall_until(loop->clock, loop->now + timeout));
}

/* Phase 3: every due timer goes to the tail of the ready queue, in
 * (deadline, seq) order. */
static void
loop_run_timers(ll_loop *loop)
{
    ll_heap_node *min;
    while ((min = ll_heap_min(&loop->timers)) != NULL) {
        ll_timer *t = ll_container_of(min, ll_timer, heap);
        if (t->deadline > loop->now)
            break;
        ll_heap_remove(&loop->timers, min);
        ll_loop_call_soon(loop, &t->fire);
    }
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
    size_t n = 0, i;
    ll_list_node batch, *p;

    ll_list_init(&batch);
    for (p = loop->ready.next; p != &loop->ready; p = p->next)
        n++;
    if (n == 0)
        return;
    if (n > loop->batch_cap) {
        ll_callback **b = ll_realloc(loop->batch, n * sizeof *b);
        if (b == NULL)
            ll_panic("loop: out of memory shuffling %zu callbacks", n);
        loop->batch = b;
        loop->batch_cap = n;
    }
    for (i = 0; i < n; i++) {
        ll_list_node *node = ll_list_pop_front(&loop->ready);
        loop->batch[i] = ll_container_of(node, ll_callback, node);
        ll_list_push_back(&batch, node);       /* keeps `linked` true */
    }
    for (i = n - 1; i > 0; i--) {
        size_t j = (size_t)(loop_rand(loop) % (i + 1));
        ll_callback *tmp = loop->batch[i];
        loop->batch[i] = loop->batch[j];
        loop->batch[j] = tmp;
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
        loop_wait(loop, timeout);
        loop->now = ll_clock_now(loop->clock);
        loop_run_timers(loop);
        loop_run_ready(loop);
        loop->iterations++;
        if (loop->stop || mode != LL_RUN_DEFAULT)
            break;
    }
    return (int)(ll_loop_ready_count(loop) + loop->timers.len);
}

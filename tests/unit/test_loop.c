/* SPDX-License-Identifier: MIT
 * tests/unit/test_loop.c -- the C event loop, clocks and task records
 * (engine/loop.c, engine/clock.c, engine/task.c). No Lua.
 *
 * Most tests run on the virtual clock, so they are exact and instant. The
 * only real-clock test asserts a lower bound (a timer never fires early),
 * never an upper bound on wall time.
 */
#include "testutil.h"
#include "engine/loop.h"
#include "engine/task.h"
#include "engine/trace.h"

#include <string.h>

/* ---- a shared recorder: callbacks append their tag here ---- */

#define REC_MAX 256

static int     rec[REC_MAX];
static int64_t rec_at[REC_MAX];   /* ll_loop_now when recorded */
static size_t  nrec;

static void
rec_reset(void)
{
    nrec = 0;
    memset(rec, 0, sizeof rec);
    memset(rec_at, 0, sizeof rec_at);
}

static void
rec_push(int tag, int64_t at)
{
    assert_true(nrec < REC_MAX);
    rec_at[nrec] = at;
    rec[nrec++] = tag;
}

/* A timer that records its tag (in t->data) when it fires. */
typedef struct tagged_timer {
    ll_timer t;
    int      tag;
} tagged_timer;

static void
timer_rec(ll_timer *t)
{
    tagged_timer *tt = ll_container_of(t, tagged_timer, t);
    rec_push(tt->tag, ll_loop_now(t->loop));
}

/* A callback that records its tag; data is the loop. */
typedef struct tagged_cb {
    ll_callback cb;
    int         tag;
    ll_callback *next;   /* queued by this one when it runs (or NULL) */
} tagged_cb;

static void
cb_rec(ll_callback *cb)
{
    tagged_cb *tc = ll_container_of(cb, tagged_cb, cb);
    ll_loop *loop = cb->data;
    rec_push(tc->tag, ll_loop_now(loop));
    if (tc->next != NULL)
        ll_loop_call_soon(loop, tc->next);
}

static void
tcb_init(tagged_cb *tc, ll_loop *loop, int tag)
{
    memset(tc, 0, sizeof *tc);
    ll_list_init(&tc->cb.node);
    tc->cb.fn = cb_rec;
    tc->cb.data = loop;
    tc->tag = tag;
}

typedef struct vloop {
    ll_clock clock;
    ll_loop *loop;
} vloop;

static void
vloop_open(vloop *v, uint64_t seed)
{
    ll_clock_init_virtual(&v->clock);
    assert_int_equal(ll_loop_new(&v->clock, seed, &v->loop), LL_OK);
    assert_non_null(v->loop);
    rec_reset();
}

static void
vloop_close(vloop *v)
{
    ll_loop_free(v->loop);
    v->loop = NULL;
}

#define S(x) ((int64_t)(x) * LL_NS_PER_S)

/* ---- timers ---- */

static void
test_timers_fire_in_deadline_order(void **state)
{
    static const int64_t delays[] = { S(3), S(1), S(5), S(2), S(4) };
    tagged_timer tt[5];
    vloop v;
    size_t i;

    (void)state;
    vloop_open(&v, 0);
    for (i = 0; i < LL_COUNTOF(delays); i++) {
        ll_timer_init(v.loop, &tt[i].t);
        tt[i].tag = (int)i;
        assert_int_equal(ll_timer_start(&tt[i].t, delays[i], timer_rec), LL_OK);
        assert_true(ll_timer_active(&tt[i].t));
    }
    assert_int_equal(ll_loop_timer_count(v.loop), 5);
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(nrec, 5);
    /* 1 s, 2 s, 3 s, 4 s, 5 s: tags 1, 3, 0, 4, 2, each at its deadline */
    assert_int_equal(rec[0], 1);
    assert_int_equal(rec[1], 3);
    assert_int_equal(rec[2], 0);
    assert_int_equal(rec[3], 4);
    assert_int_equal(rec[4], 2);
    for (i = 0; i < 5; i++)
        assert_int_equal(rec_at[i], S(i + 1));
    for (i = 0; i < 5; i++)
        assert_false(ll_timer_active(&tt[i].t));
    assert_int_equal(ll_clock_now(&v.clock), S(5));
    assert_false(ll_loop_alive(v.loop));
    vloop_close(&v);
}

static void
test_equal_deadlines_fire_fifo(void **state)
{
    tagged_timer tt[20];
    vloop v;
    int i;

    (void)state;
    vloop_open(&v, 0);
    for (i = 0; i < 20; i++) {
        ll_timer_init(v.loop, &tt[i].t);
        tt[i].tag = i;
        assert_int_equal(ll_timer_start(&tt[i].t, S(1), timer_rec), LL_OK);
    }
    /* All 20 become due in one iteration, in start order. */
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_ONCE), 0);
    assert_int_equal(nrec, 20);
    for (i = 0; i < 20; i++) {
        assert_int_equal(rec[i], i);
        assert_int_equal(rec_at[i], S(1));
    }
    vloop_close(&v);
}

static void
test_equal_deadlines_fifo_via_start_at(void **state)
{
    /* Started in a scrambled order of heap insertion relative to other
     * deadlines: ties still resolve by start order. */
    tagged_timer tt[12];
    vloop v;
    int i;

    (void)state;
    vloop_open(&v, 0);
    for (i = 0; i < 12; i++) {
        ll_timer_init(v.loop, &tt[i].t);
        tt[i].tag = i;
        /* even tags at 2 s, odd tags at 1 s */
        assert_int_equal(ll_timer_start_at(&tt[i].t, i % 2 ? S(1) : S(2),
                                           timer_rec), LL_OK);
    }
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(nrec, 12);
    for (i = 0; i < 6; i++) {
        assert_int_equal(rec[i], 2 * i + 1);
        assert_int_equal(rec[6 + i], 2 * i);
    }
    vloop_close(&v);
}

static void
test_negative_delay_is_zero(void **state)
{
    tagged_timer a, b, c;
    vloop v;

    (void)state;
    vloop_open(&v, 0);
    ll_timer_init(v.loop, &a.t);
    ll_timer_init(v.loop, &b.t);
    ll_timer_init(v.loop, &c.t);
    a.tag = 0;
    b.tag = 1;
    c.tag = 2;
    assert_int_equal(ll_timer_start(&a.t, -S(5), timer_rec), LL_OK);
    assert_int_equal(ll_timer_start(&b.t, 0, timer_rec), LL_OK);
    assert_int_equal(ll_timer_start(&c.t, -1, timer_rec), LL_OK);
    assert_int_equal(a.t.deadline, 0);
    assert_int_equal(c.t.deadline, 0);
    /* One iteration fires all three at time 0, FIFO (same deadline). */
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_ONCE), 0);
    assert_int_equal(nrec, 3);
    assert_int_equal(rec[0], 0);
    assert_int_equal(rec[1], 1);
    assert_int_equal(rec[2], 2);
    assert_int_equal(ll_clock_now(&v.clock), 0);
    vloop_close(&v);
}

static void
test_timer_stop_prevents_firing(void **state)
{
    tagged_timer a, b;
    vloop v;

    (void)state;
    vloop_open(&v, 0);
    ll_timer_init(v.loop, &a.t);
    ll_timer_init(v.loop, &b.t);
    a.tag = 1;
    b.tag = 2;
    assert_false(ll_timer_active(&a.t));
    ll_timer_stop(&a.t);                  /* stopping an idle timer: no-op */
    assert_int_equal(ll_timer_start(&a.t, S(1), timer_rec), LL_OK);
    assert_int_equal(ll_timer_start(&b.t, S(2), timer_rec), LL_OK);
    ll_timer_stop(&a.t);
    assert_false(ll_timer_active(&a.t));
    ll_timer_stop(&a.t);                  /* twice is fine */
    assert_int_equal(ll_loop_timer_count(v.loop), 1);
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(nrec, 1);
    assert_int_equal(rec[0], 2);
    assert_int_equal(ll_clock_now(&v.clock), S(2));
    vloop_close(&v);
}

/* Stopping a timer that is already due (moved to the ready queue) but has
 * not run yet must also prevent it. */
static void
stopper_fire(ll_timer *t)
{
    rec_push(100, ll_loop_now(t->loop));
    ll_timer_stop(t->data);
}

static void
test_timer_stop_when_due_in_same_iteration(void **state)
{
    tagged_timer a, b;
    vloop v;

    (void)state;
    vloop_open(&v, 0);
    ll_timer_init(v.loop, &a.t);
    ll_timer_init(v.loop, &b.t);
    b.tag = 2;
    a.t.data = &b.t;
    /* a and b both due at 1 s; a runs first and stops b. */
    assert_int_equal(ll_timer_start(&a.t, S(1), stopper_fire), LL_OK);
    assert_int_equal(ll_timer_start(&b.t, S(1), timer_rec), LL_OK);
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(nrec, 1);
    assert_int_equal(rec[0], 100);
    assert_false(ll_timer_active(&b.t));
    vloop_close(&v);
}

static void
test_timer_restart_reschedules(void **state)
{
    tagged_timer a, b;
    vloop v;

    (void)state;
    vloop_open(&v, 0);
    ll_timer_init(v.loop, &a.t);
    ll_timer_init(v.loop, &b.t);
    a.tag = 1;
    b.tag = 2;
    assert_int_equal(ll_timer_start(&a.t, S(1), timer_rec), LL_OK);
    assert_int_equal(ll_timer_start(&b.t, S(2), timer_rec), LL_OK);
    assert_int_equal(ll_timer_start(&a.t, S(3), timer_rec), LL_OK);  /* later */
    assert_int_equal(ll_loop_timer_count(v.loop), 2);
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(nrec, 2);                /* a fired once, not twice */
    assert_int_equal(rec[0], 2);
    assert_int_equal(rec_at[0], S(2));
    assert_int_equal(rec[1], 1);
    assert_int_equal(rec_at[1], S(3));

    /* Restart earlier than it was: fires at the new, earlier time. */
    rec_reset();
    assert_int_equal(ll_timer_start(&a.t, S(10), timer_rec), LL_OK);
    assert_int_equal(ll_timer_start(&b.t, S(5), timer_rec), LL_OK);
    assert_int_equal(ll_timer_start(&a.t, S(1), timer_rec), LL_OK);
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(nrec, 2);
    assert_int_equal(rec[0], 1);
    assert_int_equal(rec_at[0], S(4));
    assert_int_equal(rec[1], 2);
    assert_int_equal(rec_at[1], S(8));
    vloop_close(&v);
}

static void
test_timer_start_null_fn_is_einval(void **state)
{
    tagged_timer a;
    vloop v;

    (void)state;
    vloop_open(&v, 0);
    ll_timer_init(v.loop, &a.t);
    assert_int_equal(ll_timer_start(&a.t, 1, NULL), LL_EINVAL);
    assert_int_equal(ll_timer_start_at(&a.t, 1, NULL), LL_EINVAL);
    assert_false(ll_timer_active(&a.t));
    assert_int_equal(ll_loop_timer_count(v.loop), 0);
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(nrec, 0);
    vloop_close(&v);
}

static void
test_virtual_clock_jumps(void **state)
{
    tagged_timer a, b;
    vloop v;
    int64_t t0;

    (void)state;
    vloop_open(&v, 0);
    ll_timer_init(v.loop, &a.t);
    ll_timer_init(v.loop, &b.t);
    a.tag = 30;
    b.tag = 3600;
    assert_int_equal(ll_timer_start(&b.t, S(3600), timer_rec), LL_OK);
    assert_int_equal(ll_timer_start(&a.t, S(30), timer_rec), LL_OK);
    t0 = ll_mono_ns();
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_DEFAULT), 0);
    /* Generous bound: only guards against really sleeping an hour. */
    assert_true(ll_mono_ns() - t0 < S(2));
    assert_int_equal(ll_clock_now(&v.clock), S(3600));
    assert_int_equal(ll_loop_now(v.loop), S(3600));
    assert_int_equal(nrec, 2);
    assert_int_equal(rec[0], 30);
    assert_int_equal(rec_at[0], S(30));
    assert_int_equal(rec[1], 3600);
    assert_int_equal(rec_at[1], S(3600));
    vloop_close(&v);
}

static void
test_clock_basics(void **state)
{
    ll_clock c;

    (void)state;
    ll_clock_init_virtual(&c);
    assert_int_equal(ll_clock_now(&c), 0);
    ll_clock_jump(&c, S(5));
    assert_int_equal(ll_clock_now(&c), S(5));
    ll_clock_jump(&c, S(1));                 /* never backwards */
    assert_int_equal(ll_clock_now(&c), S(5));
    assert_int_equal(ll_clock_wall_until(&c, S(100)), 0);
    assert_int_equal(ll_clock_s2ns(1.5), 1500000000LL);
    assert_int_equal(ll_clock_s2ns(-1.0), 0);
    assert_int_equal(ll_clock_s2ns(0.0), 0);
    assert_int_equal(ll_clock_s2ns(0.0000000004), 0);
    assert_int_equal(ll_clock_s2ns(0.0000000006), 1);
}

/* ---- the ready queue ---- */

static void
test_callbacks_queued_while_running_wait_next_iteration(void **state)
{
    tagged_cb a, b, c;
    vloop v;

    (void)state;
    vloop_open(&v, 0);
    tcb_init(&a, v.loop, 1);
    tcb_init(&b, v.loop, 2);
    tcb_init(&c, v.loop, 3);
    a.next = &c.cb;                  /* a queues c when it runs */
    ll_loop_call_soon(v.loop, &a.cb);
    ll_loop_call_soon(v.loop, &b.cb);
    assert_int_equal(ll_loop_ready_count(v.loop), 2);

    assert_int_equal(ll_loop_run(v.loop, LL_RUN_ONCE), 1);   /* c waits */
    assert_int_equal(nrec, 2);
    assert_int_equal(rec[0], 1);
    assert_int_equal(rec[1], 2);
    assert_int_equal(ll_loop_ready_count(v.loop), 1);
    assert_true(ll_loop_alive(v.loop));

    assert_int_equal(ll_loop_run(v.loop, LL_RUN_ONCE), 0);
    assert_int_equal(nrec, 3);
    assert_int_equal(rec[2], 3);
    assert_false(ll_loop_alive(v.loop));
    vloop_close(&v);
}

/* A callback that keeps requeueing itself must not starve the others. */
typedef struct spinner {
    ll_callback cb;
    ll_loop    *loop;
    int         left;
} spinner;

static void
spinner_fn(ll_callback *cb)
{
    spinner *s = ll_container_of(cb, spinner, cb);
    rec_push(7, ll_loop_now(s->loop));
    if (--s->left > 0)
        ll_loop_call_soon(s->loop, &s->cb);
}

static void
test_self_requeue_runs_once_per_iteration(void **state)
{
    spinner sp;
    tagged_timer t;
    vloop v;
    uint64_t it0;

    (void)state;
    vloop_open(&v, 0);
    memset(&sp, 0, sizeof sp);
    ll_list_init(&sp.cb.node);
    sp.cb.fn = spinner_fn;
    sp.loop = v.loop;
    sp.left = 5;
    ll_timer_init(v.loop, &t.t);
    t.tag = 9;
    ll_loop_call_soon(v.loop, &sp.cb);
    assert_int_equal(ll_timer_start(&t.t, 0, timer_rec), LL_OK);
    it0 = ll_loop_iterations(v.loop);
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(ll_loop_iterations(v.loop) - it0, 5);
    assert_int_equal(nrec, 6);
    /* iteration 1: spinner (ready first), then the due timer */
    assert_int_equal(rec[0], 7);
    assert_int_equal(rec[1], 9);
    assert_int_equal(rec[2], 7);
    assert_int_equal(rec[5], 7);
    vloop_close(&v);
}

static void
test_ready_runs_before_due_timer(void **state)
{
    tagged_timer t;
    tagged_cb c;
    vloop v;

    (void)state;
    vloop_open(&v, 0);
    ll_timer_init(v.loop, &t.t);
    t.tag = 1;
    tcb_init(&c, v.loop, 2);
    /* The timer is started first, but it only joins the ready queue when
     * the iteration collects due timers: after what is already ready. */
    assert_int_equal(ll_timer_start(&t.t, 0, timer_rec), LL_OK);
    ll_loop_call_soon(v.loop, &c.cb);
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_ONCE), 0);
    assert_int_equal(nrec, 2);
    assert_int_equal(rec[0], 2);
    assert_int_equal(rec[1], 1);
    vloop_close(&v);
}

/* A timer that becomes due at the same virtual time as a callback queued by
 * an earlier timer: the callback (ready) still goes first in the next
 * iteration, then the due timer. */
typedef struct chain_timer {
    ll_timer  t;
    tagged_cb *queue;
} chain_timer;

static void
chain_fire(ll_timer *t)
{
    chain_timer *ct = ll_container_of(t, chain_timer, t);
    rec_push(10, ll_loop_now(t->loop));
    ll_loop_call_soon(t->loop, &ct->queue->cb);
}

static void
chain_fire_later(ll_timer *t)
{
    /* Start a timer due "now": collected next iteration after c. */
    tagged_timer *tt = t->data;
    rec_push(11, ll_loop_now(t->loop));
    assert_int_equal(ll_timer_start(&tt->t, 0, timer_rec), LL_OK);
}

static void
test_ready_before_timer_due_same_time(void **state)
{
    chain_timer a;
    tagged_cb c;
    tagged_timer late;
    ll_timer b;
    vloop v;

    (void)state;
    vloop_open(&v, 0);
    tcb_init(&c, v.loop, 2);
    ll_timer_init(v.loop, &a.t);
    ll_timer_init(v.loop, &b);
    ll_timer_init(v.loop, &late.t);
    late.tag = 3;
    a.queue = &c;
    b.data = &late;
    assert_int_equal(ll_timer_start(&a.t, S(1), chain_fire), LL_OK);
    assert_int_equal(ll_timer_start(&b, S(1), chain_fire_later), LL_OK);
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(nrec, 4);
    assert_int_equal(rec[0], 10);
    assert_int_equal(rec[1], 11);
    assert_int_equal(rec[2], 2);     /* queued first: ready before the timer */
    assert_int_equal(rec[3], 3);
    assert_int_equal(rec_at[3], S(1));
    vloop_close(&v);
}

static void
test_cancel_soon(void **state)
{
    tagged_cb a, b, c;
    vloop v;

    (void)state;
    vloop_open(&v, 0);
    tcb_init(&a, v.loop, 1);
    tcb_init(&b, v.loop, 2);
    tcb_init(&c, v.loop, 3);
    ll_loop_call_soon(v.loop, &a.cb);
    ll_loop_call_soon(v.loop, &b.cb);
    ll_loop_call_soon(v.loop, &c.cb);
    ll_loop_cancel_soon(&b.cb);
    ll_loop_cancel_soon(&b.cb);           /* no-op when not queued */
    assert_int_equal(ll_loop_ready_count(v.loop), 2);
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(nrec, 2);
    assert_int_equal(rec[0], 1);
    assert_int_equal(rec[1], 3);
    vloop_close(&v);
}

static void
test_loop_stop(void **state)
{
    tagged_timer t[3];
    vloop v;
    int i;

    (void)state;
    vloop_open(&v, 0);
    for (i = 0; i < 3; i++) {
        ll_timer_init(v.loop, &t[i].t);
        t[i].tag = i;
        assert_int_equal(ll_timer_start(&t[i].t, S(i + 1), timer_rec), LL_OK);
    }
    ll_loop_stop(v.loop);            /* reset by the next run */
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_ONCE), 2);
    assert_int_equal(nrec, 1);
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(nrec, 3);
    vloop_close(&v);
}

static void
test_nowait_does_not_jump(void **state)
{
    tagged_timer t;
    vloop v;

    (void)state;
    vloop_open(&v, 0);
    ll_timer_init(v.loop, &t.t);
    t.tag = 1;
    assert_int_equal(ll_timer_start(&t.t, S(1), timer_rec), LL_OK);
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_NOWAIT), 1);
    assert_int_equal(nrec, 0);
    assert_int_equal(ll_clock_now(&v.clock), 0);
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_ONCE), 0);
    assert_int_equal(nrec, 1);
    assert_int_equal(ll_clock_now(&v.clock), S(1));
    vloop_close(&v);
}

/* ---- seeded schedule exploration ---- */

#define NSEED 10

static void
run_order(uint64_t seed, int out[NSEED])
{
    tagged_cb cbs[NSEED];
    vloop v;
    int i;

    vloop_open(&v, seed);
    for (i = 0; i < NSEED; i++) {
        tcb_init(&cbs[i], v.loop, i);
        ll_loop_call_soon(v.loop, &cbs[i].cb);
    }
    assert_int_equal(ll_loop_run(v.loop, LL_RUN_ONCE), 0);
    assert_int_equal(nrec, NSEED);
    for (i = 0; i < NSEED; i++)
        out[i] = rec[i];
    vloop_close(&v);
}

static bool
is_fifo(const int o[NSEED])
{
    int i;
    for (i = 0; i < NSEED; i++)
        if (o[i] != i)
            return false;
    return true;
}

static void
assert_permutation(const int o[NSEED])
{
    int seen[NSEED] = { 0 };
    int i;
    for (i = 0; i < NSEED; i++) {
        assert_in_range(o[i], 0, NSEED - 1);
        seen[o[i]]++;
    }
    for (i = 0; i < NSEED; i++)
        assert_int_equal(seen[i], 1);
}

static void
test_seed_permutes_deterministically(void **state)
{
    int a[NSEED], b[NSEED];
    uint64_t seed;
    bool some_differs = false;

    (void)state;
    run_order(0, a);
    assert_true(is_fifo(a));
    for (seed = 1; seed <= 20; seed++) {
        run_order(seed, a);
        run_order(seed, b);
        assert_permutation(a);
        assert_memory_equal(a, b, sizeof a);
        if (!is_fifo(a))
            some_differs = true;
    }
    assert_true(some_differs);
}

/* Seeded runs keep the iteration boundary: what a callback queues still
 * waits for the next iteration, and a cancelled callback is skipped. */
typedef struct canceller {
    ll_callback  cb;
    ll_loop     *loop;
    ll_callback *victim;
} canceller;

static void
canceller_fn(ll_callback *cb)
{
    canceller *c = ll_container_of(cb, canceller, cb);
    rec_push(50, ll_loop_now(c->loop));
    ll_loop_cancel_soon(c->victim);
}

static void
test_seeded_cancel_and_boundary(void **state)
{
    uint64_t seed;

    (void)state;
    for (seed = 1; seed <= 20; seed++) {
        tagged_cb a, victim, next;
        canceller k;
        vloop v;
        size_t i;
        bool victim_ran = false, canceller_ran = false;

        vloop_open(&v, seed);
        tcb_init(&a, v.loop, 1);
        tcb_init(&victim, v.loop, 2);
        tcb_init(&next, v.loop, 3);
        a.next = &next.cb;
        memset(&k, 0, sizeof k);
        ll_list_init(&k.cb.node);
        k.cb.fn = canceller_fn;
        k.loop = v.loop;
        k.victim = &victim.cb;
        ll_loop_call_soon(v.loop, &a.cb);
        ll_loop_call_soon(v.loop, &victim.cb);
        ll_loop_call_soon(v.loop, &k.cb);
        assert_int_equal(ll_loop_run(v.loop, LL_RUN_ONCE), 1);  /* next */
        for (i = 0; i < nrec; i++) {
            assert_int_not_equal(rec[i], 3);
            if (rec[i] == 50)
                canceller_ran = true;
            if (rec[i] == 2) {
                victim_ran = true;
                assert_false(canceller_ran);  /* only if it ran first */
            }
        }
        assert_true(canceller_ran);
        assert_int_equal(nrec, victim_ran ? 3 : 2);
        assert_int_equal(ll_loop_run(v.loop, LL_RUN_DEFAULT), 0);
        assert_int_equal(rec[nrec - 1], 3);
        vloop_close(&v);
    }
}

/* ---- ll_task ---- */

typedef struct step_task {
    ll_task t;
    int     steps;
    int64_t woke_at;
} step_task;

/* First step sleeps 2 s, second step finishes DONE. */
static void
step_sleep_then_done(ll_task *t)
{
    step_task *st = ll_task_data(t);
    ll_loop *loop = ll_sched_loop(t->sched);
    st->steps++;
    if (st->steps == 1) {
        assert_ptr_equal(ll_sched_current(t->sched), t);
        assert_null(t->timer);              /* taken by the first sleep */
        assert_int_equal(ll_task_sleep(t, S(2)), LL_OK);
        assert_non_null(t->timer);
        return;
    }
    st->woke_at = ll_loop_now(loop);
    ll_task_finish(t, LL_TASK_DONE, NULL);
    assert_null(t->timer);                  /* given back at the end */
}

typedef struct tsched {
    ll_clock  clock;
    ll_loop  *loop;
    ll_trace *trace;
    ll_sched *sched;
} tsched;

static void
tsched_open(tsched *s)
{
    ll_clock_init_virtual(&s->clock);
    assert_int_equal(ll_loop_new(&s->clock, 0, &s->loop), LL_OK);
    assert_int_equal(ll_trace_new(&s->trace), LL_OK);
    assert_int_equal(ll_sched_new(s->loop, s->trace, &s->sched), LL_OK);
    rec_reset();
}

static void
tsched_close(tsched *s)
{
    ll_sched_free(s->sched);
    ll_loop_free(s->loop);
    ll_trace_free(s->trace);
}

static void
expect_ev(const ll_trace *tr, size_t i, ll_ev_kind kind, uint32_t task,
          const char *name, const char *what, double t)
{
    const ll_event *e = ll_trace_get(tr, i);
    assert_non_null(e);
    assert_string_equal(ll_ev_name(e->kind), ll_ev_name(kind));
    assert_int_equal(e->task, task);
    assert_string_equal(e->name, name);
    if (what != NULL)
        assert_string_equal(e->what, what);
    assert_true(e->t == t);
}

static void
test_task_trace_sequence(void **state)
{
    tsched s;
    step_task a;

    (void)state;
    tsched_open(&s);
    memset(&a, 0, sizeof a);
    assert_int_equal(ll_task_start(s.sched, &a.t, "sleeper",
                                   step_sleep_then_done, &a, NULL), LL_OK);
    assert_int_equal(a.t.id, 1);
    assert_int_equal(ll_sched_pending(s.sched), 1);
    assert_null(ll_sched_current(s.sched));
    assert_int_equal(ll_loop_run(s.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(a.steps, 2);
    assert_int_equal(a.woke_at, S(2));
    assert_int_equal(a.t.state, LL_TASK_DONE);
    assert_int_equal(ll_sched_pending(s.sched), 0);
    assert_null(ll_sched_current(s.sched));

    assert_int_equal(ll_trace_count(s.trace), 6);
    expect_ev(s.trace, 0, LL_EV_SPAWN, 1, "sleeper", "", 0.0);
    expect_ev(s.trace, 1, LL_EV_RUN, 1, "sleeper", NULL, 0.0);
    expect_ev(s.trace, 2, LL_EV_SUSPEND, 1, "sleeper", "sleep", 0.0);
    expect_ev(s.trace, 3, LL_EV_READY, 1, "sleeper", NULL, 2.0);
    expect_ev(s.trace, 4, LL_EV_RUN, 1, "sleeper", NULL, 2.0);
    expect_ev(s.trace, 5, LL_EV_DONE, 1, "sleeper", NULL, 2.0);
    ll_task_close(&a.t);
    tsched_close(&s);
}

static void
test_task_default_name_and_parent(void **state)
{
    tsched s;
    step_task a, b;

    (void)state;
    tsched_open(&s);
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    assert_int_equal(ll_task_start(s.sched, &a.t, NULL, step_sleep_then_done,
                                   &a, NULL), LL_OK);
    {
        char nb[LL_TASK_NAME_MAX];
        /* Formatted on demand: the record holds no name. */
        assert_null(a.t.name);
        assert_string_equal(ll_task_name(&a.t, nb), "Task-1");
    }
    assert_int_equal(ll_task_start(s.sched, &b.t, "kid", step_sleep_then_done,
                                   &b, &a.t), LL_OK);
    assert_int_equal(b.t.id, 2);
    expect_ev(s.trace, 1, LL_EV_SPAWN, 2, "kid", "Task-1", 0.0);
    assert_int_equal(ll_loop_run(s.loop, LL_RUN_DEFAULT), 0);
    ll_task_close(&a.t);
    ll_task_close(&b.t);
    tsched_close(&s);
}

/* Sleeps twice (1 s each), noting the timer it slept on. */
typedef struct timer_task {
    ll_task   t;
    int       steps;
    ll_timer *tm;
} timer_task;

static void
step_sleep_twice(ll_task *t)
{
    timer_task *tt = ll_task_data(t);
    if (++tt->steps <= 2) {
        assert_int_equal(ll_task_sleep(t, S(1)), LL_OK);
        /* The same timer for every sleep of one task. */
        assert_true(tt->tm == NULL || tt->tm == t->timer);
        tt->tm = t->timer;
        return;
    }
    ll_task_finish(t, LL_TASK_DONE, NULL);
}

/* A finished task's timer goes to the next sleeper; a task that never
 * sleeps never gets one; the free list dies with the scheduler (ASan and
 * the leak check see it). */
static void
test_task_sleep_timer_reused(void **state)
{
    timer_task a, b, c;
    tsched s;

    (void)state;
    tsched_open(&s);
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    memset(&c, 0, sizeof c);
    assert_int_equal(ll_task_start(s.sched, &a.t, "a", step_sleep_twice, &a,
                                   NULL), LL_OK);
    assert_int_equal(ll_loop_run(s.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(a.steps, 3);
    assert_non_null(a.tm);
    assert_null(a.t.timer);
    assert_int_equal(ll_clock_now(&s.clock), S(2));
    assert_int_equal(ll_task_start(s.sched, &b.t, "b", step_sleep_twice, &b,
                                   NULL), LL_OK);
    assert_int_equal(ll_task_start(s.sched, &c.t, "c", step_sleep_twice, &c,
                                   NULL), LL_OK);
    assert_int_equal(ll_loop_run(s.loop, LL_RUN_DEFAULT), 0);
    assert_ptr_equal(b.tm, a.tm);         /* reused, not a new malloc */
    assert_non_null(c.tm);
    assert_ptr_not_equal(c.tm, b.tm);     /* both slept at once */
    assert_int_equal(ll_clock_now(&s.clock), S(4));
    ll_task_close(&a.t);
    ll_task_close(&b.t);
    ll_task_close(&c.t);
    tsched_close(&s);
}

/* Sleeps of 3, 1, 2 s wake at those times, in time order. */
static void
step_sleep_tag(ll_task *t)
{
    step_task *st = ll_task_data(t);
    st->steps++;
    if (st->steps == 1) {
        assert_int_equal(ll_task_sleep(t, st->woke_at), LL_OK);
        return;
    }
    rec_push((int)t->id, ll_loop_now(ll_sched_loop(t->sched)));
    ll_task_finish(t, LL_TASK_DONE, NULL);
}

static void
test_task_sleep_wake_times(void **state)
{
    static const int64_t d[] = { S(3), S(1), S(2), S(1) };
    step_task ts[4];
    tsched s;
    size_t i;

    (void)state;
    tsched_open(&s);
    for (i = 0; i < 4; i++) {
        memset(&ts[i], 0, sizeof ts[i]);
        ts[i].woke_at = d[i];         /* the delay to use */
        assert_int_equal(ll_task_start(s.sched, &ts[i].t, NULL,
                                       step_sleep_tag, &ts[i], NULL), LL_OK);
    }
    assert_int_equal(ll_loop_run(s.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(nrec, 4);
    assert_int_equal(rec[0], 2);      /* 1 s, first started */
    assert_int_equal(rec_at[0], S(1));
    assert_int_equal(rec[1], 4);      /* 1 s, FIFO tie */
    assert_int_equal(rec_at[1], S(1));
    assert_int_equal(rec[2], 3);
    assert_int_equal(rec_at[2], S(2));
    assert_int_equal(rec[3], 1);
    assert_int_equal(rec_at[3], S(3));
    assert_int_equal(ll_clock_now(&s.clock), S(3));
    for (i = 0; i < 4; i++)
        ll_task_close(&ts[i].t);
    tsched_close(&s);
}

/* sleep(0) is a yield: two tasks alternate, "yield" is the reason. */
typedef struct yielder {
    ll_task t;
    int     n;
} yielder;

static void
step_yield3(ll_task *t)
{
    yielder *y = ll_task_data(t);
    rec_push((int)t->id * 10 + y->n, ll_loop_now(ll_sched_loop(t->sched)));
    if (++y->n == 3) {
        ll_task_finish(t, LL_TASK_DONE, NULL);
        return;
    }
    assert_int_equal(ll_task_sleep(t, 0), LL_OK);
}

static void
test_task_yield_interleaves(void **state)
{
    yielder a, b;
    tsched s;
    size_t i, nyield = 0;

    (void)state;
    tsched_open(&s);
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    assert_int_equal(ll_task_start(s.sched, &a.t, "A", step_yield3, &a, NULL),
                     LL_OK);
    assert_int_equal(ll_task_start(s.sched, &b.t, "B", step_yield3, &b, NULL),
                     LL_OK);
    assert_int_equal(ll_loop_run(s.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(nrec, 6);
    assert_int_equal(rec[0], 10);
    assert_int_equal(rec[1], 20);
    assert_int_equal(rec[2], 11);
    assert_int_equal(rec[3], 21);
    assert_int_equal(rec[4], 12);
    assert_int_equal(rec[5], 22);
    assert_int_equal(ll_clock_now(&s.clock), 0);
    for (i = 0; i < ll_trace_count(s.trace); i++) {
        const ll_event *e = ll_trace_get(s.trace, i);
        if (e->kind == LL_EV_SUSPEND) {
            assert_string_equal(e->what, "yield");
            nyield++;
        }
    }
    assert_int_equal(nyield, 4);
    ll_task_close(&a.t);
    ll_task_close(&b.t);
    tsched_close(&s);
}

/* Waiters: run in registration order, through the ready queue, after the
 * task finished (never synchronously inside ll_task_finish). */
typedef struct wtask {
    ll_task t;
    int     steps;
    bool    finished_flag;
} wtask;

static wtask *waited_on;

static void
waiter_fn(ll_callback *cb)
{
    ll_task_waiter *w = ll_task_waiter_of(cb);
    ll_task *done = &waited_on->t;
    assert_int_equal(done->state, LL_TASK_FAILED);
    assert_true(waited_on->finished_flag);
    assert_false(ll_list_linked(&w->node));    /* off the ready queue */
    rec_push((int)(intptr_t)w->data, ll_loop_now(ll_sched_loop(done->sched)));
}

/* Sleep 1 s, then fail. */
static void
step_sleep1_fail(ll_task *t)
{
    wtask *wt = ll_task_data(t);
    if (++wt->steps == 1) {
        assert_int_equal(ll_task_sleep(t, S(1)), LL_OK);
        return;
    }
    ll_task_finish(t, LL_TASK_FAILED, "boom");
    wt->finished_flag = true;
    assert_int_equal(nrec, 0);          /* waiters not called synchronously */
}

static void
test_task_waiters_in_order(void **state)
{
    ll_task_waiter w[5], late;
    wtask wt;
    tsched s;
    size_t i;
    const ll_event *last;

    (void)state;
    tsched_open(&s);
    memset(&wt, 0, sizeof wt);
    waited_on = &wt;
    assert_int_equal(ll_task_start(s.sched, &wt.t, "target", step_sleep1_fail,
                                   &wt, NULL), LL_OK);
    memset(w, 0, sizeof w);
    for (i = 0; i < 5; i++) {
        w[i].fn = waiter_fn;
        w[i].data = (void *)(intptr_t)i;
        ll_task_add_waiter(&wt.t, &w[i]);
        assert_true(ll_list_linked(&w[i].node));
    }
    ll_task_remove_waiter(&w[2]);        /* removed: never called */
    assert_int_equal(ll_loop_run(s.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(wt.t.state, LL_TASK_FAILED);
    assert_int_equal(nrec, 4);
    assert_int_equal(rec[0], 0);
    assert_int_equal(rec[1], 1);
    assert_int_equal(rec[2], 3);
    assert_int_equal(rec[3], 4);
    for (i = 0; i < 4; i++)
        assert_int_equal(rec_at[i], S(1));
    last = ll_trace_get(s.trace, ll_trace_count(s.trace) - 1);
    assert_int_equal(last->kind, LL_EV_ERROR);
    assert_string_equal(last->what, "boom");

    /* Added after the task finished: queued at once, runs next iteration. */
    memset(&late, 0, sizeof late);
    late.fn = waiter_fn;
    late.data = (void *)(intptr_t)42;
    ll_task_add_waiter(&wt.t, &late);
    assert_int_equal(nrec, 4);
    assert_int_equal(ll_loop_run(s.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(nrec, 5);
    assert_int_equal(rec[4], 42);
    ll_task_close(&wt.t);
    tsched_close(&s);
}

/* Block + wake, unschedule, finish while sleeping (cancellation). */
typedef struct blocker {
    ll_task t;
    int     steps;
} blocker;

static void
step_block(ll_task *t)
{
    blocker *b = ll_task_data(t);
    if (++b->steps == 1) {
        ll_task_block(t, "event");
        return;
    }
    rec_push(b->steps, ll_loop_now(ll_sched_loop(t->sched)));
    ll_task_finish(t, LL_TASK_DONE, NULL);
}

static void
step_sleep_forever(ll_task *t)
{
    assert_int_equal(ll_task_sleep(t, S(1000)), LL_OK);
}

static void
test_task_block_wake_and_cancel(void **state)
{
    blocker b;
    step_task sl;
    tsched s;
    const ll_event *e;

    (void)state;
    tsched_open(&s);
    memset(&b, 0, sizeof b);
    memset(&sl, 0, sizeof sl);
    assert_int_equal(ll_task_start(s.sched, &b.t, "blocked", step_block, &b,
                                   NULL), LL_OK);
    assert_int_equal(ll_task_start(s.sched, &sl.t, "forever",
                                   step_sleep_forever, &sl, NULL), LL_OK);
    /* Both run their first step; one blocks, one arms a 1000 s timer. */
    assert_int_equal(ll_loop_run(s.loop, LL_RUN_ONCE), 1);
    assert_int_equal(ll_sched_pending(s.sched), 2);
    e = ll_trace_get(s.trace, ll_trace_count(s.trace) - 3);  /* then RUN */
    assert_int_equal(e->kind, LL_EV_SUSPEND);
    assert_string_equal(e->what, "event");
    e = ll_trace_get(s.trace, ll_trace_count(s.trace) - 1);
    assert_int_equal(e->kind, LL_EV_SUSPEND);
    assert_string_equal(e->what, "sleep");

    ll_task_wake(&b.t);
    ll_task_wake(&b.t);                     /* already queued: no-op */
    e = ll_trace_get(s.trace, ll_trace_count(s.trace) - 1);
    assert_int_equal(e->kind, LL_EV_READY);
    assert_string_equal(e->what, "event");
    assert_int_equal(ll_loop_run(s.loop, LL_RUN_ONCE), 1);
    assert_int_equal(b.t.state, LL_TASK_DONE);
    assert_int_equal(nrec, 1);
    assert_int_equal(rec[0], 2);
    ll_task_wake(&b.t);                     /* finished: no-op */
    assert_int_equal(ll_loop_ready_count(s.loop), 0);

    /* Cancel the sleeper: its timer goes, the loop runs dry at time 0. */
    ll_task_unschedule(&sl.t);
    ll_task_finish(&sl.t, LL_TASK_CANCELLED, "stop");
    ll_task_finish(&sl.t, LL_TASK_DONE, NULL);   /* second finish ignored */
    assert_int_equal(sl.t.state, LL_TASK_CANCELLED);
    e = ll_trace_get(s.trace, ll_trace_count(s.trace) - 1);
    assert_int_equal(e->kind, LL_EV_CANCEL);
    assert_string_equal(e->what, "stop");
    assert_int_equal(ll_sched_pending(s.sched), 0);
    assert_int_equal(ll_loop_run(s.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(ll_clock_now(&s.clock), 0);
    assert_string_equal(ll_task_state_name(sl.t.state), "cancelled");
    assert_string_equal(ll_task_state_name(b.t.state), "done");
    ll_task_close(&b.t);
    ll_task_close(&sl.t);
    tsched_close(&s);
}

/* ---- real clock ---- */

typedef struct real_timer {
    ll_timer t;
    int64_t  fired_mono;
    int64_t  clock_at_fire;
} real_timer;

static void
real_fire(ll_timer *t)
{
    real_timer *rt = ll_container_of(t, real_timer, t);
    rt->fired_mono = ll_mono_ns();
    rt->clock_at_fire = ll_clock_now(ll_loop_clock(t->loop));
}

static void
test_real_clock_never_early(void **state)
{
    static const int64_t ms[] = { 20, 1, 5, 3 };
    real_timer rt[LL_COUNTOF(ms)];
    ll_clock clock;
    ll_loop *loop;
    int64_t t0;
    size_t i;

    (void)state;
    t0 = ll_mono_ns();                 /* before the loop caches `now` */
    ll_clock_init_real(&clock, 1.0);
    assert_int_equal(ll_loop_new(&clock, 0, &loop), LL_OK);
    for (i = 0; i < LL_COUNTOF(ms); i++) {
        ll_timer_init(loop, &rt[i].t);
        assert_int_equal(ll_timer_start(&rt[i].t, ms[i] * 1000000, real_fire),
                         LL_OK);
    }
    assert_int_equal(ll_loop_run(loop, LL_RUN_DEFAULT), 0);
    for (i = 0; i < LL_COUNTOF(ms); i++) {
        assert_true(rt[i].fired_mono - t0 >= ms[i] * 1000000);
        assert_true(rt[i].clock_at_fire >= rt[i].t.deadline);
    }
    ll_loop_free(loop);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timers_fire_in_deadline_order),
        cmocka_unit_test(test_equal_deadlines_fire_fifo),
        cmocka_unit_test(test_equal_deadlines_fifo_via_start_at),
        cmocka_unit_test(test_negative_delay_is_zero),
        cmocka_unit_test(test_timer_stop_prevents_firing),
        cmocka_unit_test(test_timer_stop_when_due_in_same_iteration),
        cmocka_unit_test(test_timer_restart_reschedules),
        cmocka_unit_test(test_timer_start_null_fn_is_einval),
        cmocka_unit_test(test_virtual_clock_jumps),
        cmocka_unit_test(test_clock_basics),
        cmocka_unit_test(test_callbacks_queued_while_running_wait_next_iteration),
        cmocka_unit_test(test_self_requeue_runs_once_per_iteration),
        cmocka_unit_test(test_ready_runs_before_due_timer),
        cmocka_unit_test(test_ready_before_timer_due_same_time),
        cmocka_unit_test(test_cancel_soon),
        cmocka_unit_test(test_loop_stop),
        cmocka_unit_test(test_nowait_does_not_jump),
        cmocka_unit_test(test_seed_permutes_deterministically),
        cmocka_unit_test(test_seeded_cancel_and_boundary),
        cmocka_unit_test(test_task_trace_sequence),
        cmocka_unit_test(test_task_default_name_and_parent),
        cmocka_unit_test(test_task_sleep_wake_times),
        cmocka_unit_test(test_task_sleep_timer_reused),
        cmocka_unit_test(test_task_yield_interleaves),
        cmocka_unit_test(test_task_waiters_in_order),
        cmocka_unit_test(test_task_block_wake_and_cancel),
        cmocka_unit_test(test_real_clock_never_early),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

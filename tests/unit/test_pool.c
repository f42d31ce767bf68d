/* SPDX-License-Identifier: MIT
 * tests/unit/test_pool.c -- the pthread pool (engine/pool.c) and the
 * simulated GIL (engine/gil.c), without Lua.
 *
 * Structural assertions only (which worker ran what, whether intervals
 * overlapped, hand-over counts), never wall speed. Run under TSan with
 * `make test-tsan`.
 */
#include "testutil.h"
#include "engine/gil.h"
#include "engine/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

typedef struct job {
    ll_pool_work w;
    int          in, out;
    int          done_status;
    bool         done_ran;
    atomic_int  *gate;        /* spin until non-zero, when set */
    atomic_int  *running;     /* concurrency meter */
    atomic_int  *peak;
} job;

static int done_count;

static void
job_work(ll_pool_work *w, void *wstate)
{
    job *j = ll_container_of(w, job, w);
    (void)wstate;
    if (j->running != NULL) {
        int now = atomic_fetch_add(j->running, 1) + 1;
        int p = atomic_load(j->peak);
        while (now > p && !atomic_compare_exchange_weak(j->peak, &p, now))
            ;
    }
    if (j->gate != NULL)
        while (atomic_load(j->gate) == 0)
            usleep(100);
    j->out = j->in * j->in;
    if (j->running != NULL)
        atomic_fetch_sub(j->running, 1);
}

static void
job_done(ll_pool_work *w, int status)
{
    job *j = ll_container_of(w, job, w);
    j->done_status = status;
    j->done_ran = true;
    done_count++;
}

static void
job_init(job *j, int in)
{
    memset(j, 0, sizeof *j);
    j->in = in;
    j->w.work = job_work;
    j->w.done = job_done;
}

static void
drain(ll_pool *p, int want)
{
    while (done_count < want) {
        ll_pool_wait(p, -1);
        ll_pool_run_done(p);
    }
}

static void
test_pool_runs_everything_on_worker_threads(void **state)
{
    ll_pool_opts o = { .nworkers = 3 };
    ll_pool *p;
    job jobs[20];
    int i, ids[3];
    (void)state;

    done_count = 0;
    assert_int_equal(ll_pool_new(&o, &p), LL_OK);
    for (i = 0; i < 3; i++)
        ids[i] = ll_pool_worker_id(p, i);
    assert_true(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2]);
    for (i = 0; i < 20; i++) {
        job_init(&jobs[i], i);
        assert_int_equal(ll_pool_submit(p, &jobs[i].w), LL_OK);
    }
    /* a submitted item cannot be submitted again */
    assert_int_equal(ll_pool_submit(p, &jobs[0].w), LL_EINVAL);
    drain(p, 20);
    assert_int_equal(ll_pool_pending(p), 0);
    for (i = 0; i < 20; i++) {
        assert_true(jobs[i].done_ran);
        assert_int_equal(jobs[i].done_status, LL_OK);
        assert_int_equal(jobs[i].out, i * i);
        assert_true(jobs[i].w.worker == ids[0] || jobs[i].w.worker == ids[1] ||
                    jobs[i].w.worker == ids[2]);
        assert_true(jobs[i].w.t_submit <= jobs[i].w.t_start);
        assert_true(jobs[i].w.t_start <= jobs[i].w.t_end);
        assert_int_equal(jobs[i].w.state, LL_POOL_IDLE);
    }
    ll_pool_free(p);
}

/* Three items held at a gate must all be running at once: they overlap. */
static void
test_pool_workers_run_concurrently(void **state)
{
    ll_pool_opts o = { .nworkers = 3 };
    ll_pool *p;
    job jobs[3];
    atomic_int gate = 0, running = 0, peak = 0;
    int i;
    (void)state;

    done_count = 0;
    assert_int_equal(ll_pool_new(&o, &p), LL_OK);
    for (i = 0; i < 3; i++) {
        job_init(&jobs[i], i);
        jobs[i].gate = &gate;
        jobs[i].running = &running;
        jobs[i].peak = &peak;
        assert_int_equal(ll_pool_submit(p, &jobs[i].w), LL_OK);
    }
    while (atomic_load(&peak) < 3)
        usleep(100);
    atomic_store(&gate, 1);
    drain(p, 3);
    assert_int_equal(atomic_load(&peak), 3);
    assert_true(jobs[0].w.worker != jobs[1].w.worker);
    assert_true(jobs[1].w.worker != jobs[2].w.worker);
    ll_pool_free(p);
}

/* Cancel works only before start: LL_EBUSY once running. */
static void
test_pool_cancel_only_before_start(void **state)
{
    ll_pool_opts o = { .nworkers = 1 };
    ll_pool *p;
    job a, b;
    atomic_int gate = 0, running = 0, peak = 0;
    (void)state;

    done_count = 0;
    assert_int_equal(ll_pool_new(&o, &p), LL_OK);
    job_init(&a, 2);
    a.gate = &gate;
    a.running = &running;
    a.peak = &peak;
    job_init(&b, 3);
    assert_int_equal(ll_pool_cancel(p, &b.w), LL_EINVAL);  /* not submitted */
    assert_int_equal(ll_pool_submit(p, &a.w), LL_OK);
    assert_int_equal(ll_pool_submit(p, &b.w), LL_OK);
    while (atomic_load(&peak) < 1)
        usleep(100);
    assert_int_equal(ll_pool_work_state(p, &a.w), LL_POOL_RUNNING);
    assert_int_equal(ll_pool_cancel(p, &a.w), LL_EBUSY);
    assert_int_equal(ll_pool_cancel(p, &b.w), LL_OK);
    atomic_store(&gate, 1);
    drain(p, 2);
    assert_int_equal(a.done_status, LL_OK);
    assert_int_equal(a.out, 4);
    assert_int_equal(b.done_status, LL_ECANCELED);
    assert_int_equal(b.out, 0);                /* never ran */
    assert_int_equal(b.w.worker, -1);
    ll_pool_free(p);
}

static void
test_pool_shutdown_cancels_queued_and_refuses_more(void **state)
{
    ll_pool_opts o = { .nworkers = 1 };
    ll_pool *p;
    job a, rest[5], late;
    atomic_int gate = 0, running = 0, peak = 0;
    int i;
    (void)state;

    done_count = 0;
    assert_int_equal(ll_pool_new(&o, &p), LL_OK);
    job_init(&a, 1);
    a.gate = &gate;
    a.running = &running;
    a.peak = &peak;
    assert_int_equal(ll_pool_submit(p, &a.w), LL_OK);
    for (i = 0; i < 5; i++) {
        job_init(&rest[i], i);
        assert_int_equal(ll_pool_submit(p, &rest[i].w), LL_OK);
    }
    while (atomic_load(&peak) < 1)
        usleep(100);
    atomic_store(&gate, 1);
    ll_pool_shutdown(p, true);
    job_init(&late, 9);
    assert_int_equal(ll_pool_submit(p, &late.w), LL_ESTATE);
    assert_int_equal(ll_pool_run_done(p), 6);
    assert_int_equal(a.done_status, LL_OK);
    for (i = 0; i < 5; i++)
        assert_int_equal(rest[i].done_status, LL_ECANCELED);
    ll_pool_free(p);
}

/* {==== hooks: init/done per worker, notify per completion */

typedef struct hooks {
    atomic_int inits, dones, notifies, starts, ends;
} hooks;

static int
h_init(void *ud, int worker, void **ws)
{
    hooks *h = ud;
    atomic_fetch_add(&h->inits, 1);
    *ws = (void *)(intptr_t)worker;
    return 0;
}

static void
h_done(void *ud, int worker, void *ws)
{
    hooks *h = ud;
    assert_int_equal((int)(intptr_t)ws, worker);
    atomic_fetch_add(&h->dones, 1);
}

static void
h_notify(void *ud)
{
    atomic_fetch_add(&((hooks *)ud)->notifies, 1);
}

static void
h_job(void *ud, ll_pool_work *w, bool started)
{
    (void)w;
    atomic_fetch_add(started ? &((hooks *)ud)->starts : &((hooks *)ud)->ends, 1);
}

static void
test_pool_hooks(void **state)
{
    hooks h;
    ll_pool_opts o = { .nworkers = 2, .worker_init = h_init,
                       .worker_done = h_done, .notify = h_notify,
                       .on_job = h_job, .ud = &h };
    ll_pool *p;
    job jobs[6];
    int i;
    (void)state;

    memset(&h, 0, sizeof h);
    done_count = 0;
    assert_int_equal(ll_pool_new(&o, &p), LL_OK);
    for (i = 0; i < 6; i++) {
        job_init(&jobs[i], i);
        assert_int_equal(ll_pool_submit(p, &jobs[i].w), LL_OK);
    }
    drain(p, 6);
    ll_pool_free(p);
    assert_int_equal(atomic_load(&h.inits), 2);
    assert_int_equal(atomic_load(&h.dones), 2);
    assert_int_equal(atomic_load(&h.notifies), 6);
    assert_int_equal(atomic_load(&h.starts), 6);
    assert_int_equal(atomic_load(&h.ends), 6);
}

static void
test_pool_bad_args(void **state)
{
    ll_pool_opts o = { .nworkers = 0 };
    ll_pool *p = (ll_pool *)&o;
    (void)state;
    assert_int_equal(ll_pool_new(&o, &p), LL_EINVAL);
    assert_null(p);
    assert_int_equal(ll_pool_new(NULL, &p), LL_EINVAL);
}

/* }==== */

/* {==== GIL */

typedef struct gil_arg {
    ll_gil     *g;
    int         id;
    long        rounds;
    long       *shared;      /* only touched while holding the GIL */
    atomic_int *inside;
    atomic_int *overlap;
} gil_arg;

static void *
gil_thread(void *p)
{
    gil_arg *a = p;
    long i;
    ll_gil_acquire(a->g, a->id);
    for (i = 0; i < a->rounds; i++) {
        if (atomic_fetch_add(a->inside, 1) != 0)
            atomic_fetch_add(a->overlap, 1);
        (*a->shared)++;
        atomic_fetch_sub(a->inside, 1);
        ll_gil_yield(a->g, a->id);
    }
    ll_gil_release(a->g, a->id);
    return NULL;
}

static atomic_int gil_events[3];

static void
gil_ev(void *ud, int worker, ll_gil_ev ev, int64_t t)
{
    (void)ud;
    (void)worker;
    (void)t;
    atomic_fetch_add(&gil_events[ev], 1);
}

/* Four threads bumping a plain counter under the GIL: never two inside at
 * once, nothing lost (TSan would also flag the plain long), and the
 * yields really hand the lock over. */
static void
test_gil_mutual_exclusion_and_handover(void **state)
{
    ll_gil g;
    pthread_t th[4];
    gil_arg args[4];
    long shared = 0;
    atomic_int inside = 0, overlap = 0;
    int i;
    (void)state;

    ll_gil_init(&g, true, 100);
    g.on_event = gil_ev;
    for (i = 0; i < 3; i++)
        atomic_store(&gil_events[i], 0);
    /* Hold it while the threads start, so all four queue up first. */
    ll_gil_acquire(&g, 99);
    for (i = 0; i < 4; i++) {
        args[i] = (gil_arg){ &g, i + 1, 2000, &shared, &inside, &overlap };
        assert_int_equal(pthread_create(&th[i], NULL, gil_thread, &args[i]), 0);
    }
    for (;;) {
        int w;
        pthread_mutex_lock(&g.mu);
        w = g.waiting;
        pthread_mutex_unlock(&g.mu);
        if (w == 4)
            break;
        usleep(100);
    }
    ll_gil_release(&g, 99);
    for (i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    assert_int_equal(shared, 8000);
    assert_int_equal(atomic_load(&overlap), 0);
    /* 4 threads yielding 2000 times each while others wait: many switches */
    /* round robin: every yield but the last few finds someone waiting */
    if (ll_gil_switches(&g) <= 7000)
        fail_msg("only %llu switches", (unsigned long long)ll_gil_switches(&g));
    assert_int_equal(atomic_load(&gil_events[LL_GIL_HOLD]),
                     5 + (int)ll_gil_switches(&g));
    assert_int_equal(atomic_load(&gil_events[LL_GIL_RELEASE]),
                     5 + (int)ll_gil_switches(&g));
    assert_int_equal(atomic_load(&gil_events[LL_GIL_WAIT]),
                     4 + (int)ll_gil_switches(&g));
    assert_int_equal(ll_gil_interval(&g), 100);
    ll_gil_close(&g);
}

/* Nobody waiting: a yield is a no-op; disabled: everything is. */
static void
test_gil_yield_alone_and_disabled(void **state)
{
    ll_gil g;
    (void)state;
    ll_gil_init(&g, true, 0);
    assert_int_equal(ll_gil_interval(&g), LL_GIL_DEFAULT_INTERVAL);
    ll_gil_acquire(&g, 1);
    assert_false(ll_gil_yield(&g, 1));
    ll_gil_release(&g, 1);
    assert_int_equal(ll_gil_switches(&g), 0);
    ll_gil_close(&g);

    ll_gil_init(&g, false, 5);
    ll_gil_acquire(&g, 1);
    ll_gil_acquire(&g, 2);          /* free threading: both "hold" it */
    assert_false(ll_gil_yield(&g, 1));
    ll_gil_release(&g, 2);
    ll_gil_release(&g, 1);
    assert_false(ll_gil_enabled(&g));
    ll_gil_close(&g);
}

/* }==== */

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pool_runs_everything_on_worker_threads),
        cmocka_unit_test(test_pool_workers_run_concurrently),
        cmocka_unit_test(test_pool_cancel_only_before_start),
        cmocka_unit_test(test_pool_shutdown_cancels_queued_and_refuses_more),
        cmocka_unit_test(test_pool_hooks),
        cmocka_unit_test(test_pool_bad_args),
        cmocka_unit_test(test_gil_mutual_exclusion_and_handover),
        cmocka_unit_test(test_gil_yield_alone_and_disabled),
    };
    return cmocka_run_group_tests_name("pool", tests, NULL, NULL);
}

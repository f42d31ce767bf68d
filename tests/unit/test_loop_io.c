/* SPDX-License-Identifier: MIT
 * tests/unit/test_loop_io.c -- fd watchers, refs, wakeups and doorbells
 * (engine/loop.c, engine/loop_epoll.c), and the rule of when virtual time
 * may move while fds are watched (loop.h).
 *
 * Pipes and socketpairs stand in for sockets. Threads only ring doorbells;
 * no assertion depends on wall-clock speed.
 */
#include "testutil.h"
#include "engine/loop.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define S(x) ((int64_t)(x) * LL_NS_PER_S)

typedef struct rec {
    int      tag[64];
    unsigned bits[64];
    int64_t  at[64];
    size_t   n;
} rec;

static rec R;

static void
rec_add(int tag, unsigned bits, int64_t at)
{
    assert_true(R.n < LL_COUNTOF(R.tag));
    R.tag[R.n] = tag;
    R.bits[R.n] = bits;
    R.at[R.n++] = at;
}

typedef struct tio {
    ll_io io;
    int   tag;
    bool  drain;      /* read what is there */
    bool  pause;      /* pause after the first event */
    ll_io *unwatch;   /* unwatch this one when firing */
} tio;

static void
tio_cb(ll_io *w, unsigned rev)
{
    tio *t = ll_container_of(w, tio, io);
    char buf[256];
    rec_add(t->tag, rev, ll_loop_now(w->loop));
    if (t->drain)
        while (read(w->fd, buf, sizeof buf) > 0)
            ;
    if (t->pause)
        ll_loop_modify_fd(w, 0);
    if (t->unwatch != NULL)
        ll_loop_unwatch_fd(t->unwatch);
}

typedef struct ttimer {
    ll_timer t;
    int      tag;
} ttimer;

static void
ttimer_cb(ll_timer *t)
{
    rec_add(ll_container_of(t, ttimer, t)->tag, 0, ll_loop_now(t->loop));
}

typedef struct fixture {
    ll_clock clock;
    ll_loop *loop;
    int      p[2];      /* pipe: p[0] read end */
} fixture;

static void
fx_open(fixture *f, bool virtual_)
{
    memset(&R, 0, sizeof R);
    if (virtual_)
        ll_clock_init_virtual(&f->clock);
    else
        ll_clock_init_real(&f->clock, 1.0);
    assert_int_equal(ll_loop_new(&f->clock, 0, &f->loop), LL_OK);
    assert_int_equal(pipe2(f->p, O_NONBLOCK | O_CLOEXEC), 0);
}

static void
fx_close(fixture *f)
{
    ll_loop_free(f->loop);
    close(f->p[0]);
    close(f->p[1]);
}

static void
put(int fd, const char *s)
{
    assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
}

/* ---- basic readiness ---- */

static void
test_read_ready_fires_once_per_iteration(void **state)
{
    fixture f;
    tio t = { .tag = 1 };
    (void)state;
    fx_open(&f, true);
    assert_int_equal(ll_loop_watch_fd(f.loop, &t.io, f.p[0], LL_IO_READ,
                                      tio_cb, NULL), LL_OK);
    assert_int_equal(ll_loop_watch_count(f.loop), 1);
    ll_loop_run(f.loop, LL_RUN_NOWAIT);
    assert_int_equal(R.n, 0);                 /* nothing written yet */
    put(f.p[1], "x");
    ll_loop_run(f.loop, LL_RUN_NOWAIT);       /* poll queues it ... */
    assert_int_equal(R.n, 1);                 /* ... and it runs */
    assert_int_equal(R.bits[0], LL_IO_READ);
    ll_loop_run(f.loop, LL_RUN_NOWAIT);       /* level-triggered: unread */
    assert_int_equal(R.n, 2);
    t.drain = true;
    ll_loop_run(f.loop, LL_RUN_NOWAIT);
    ll_loop_run(f.loop, LL_RUN_NOWAIT);
    assert_int_equal(R.n, 3);                 /* drained: quiet again */
    ll_loop_unwatch_fd(&t.io);
    assert_int_equal(ll_loop_watch_count(f.loop), 0);
    ll_loop_unwatch_fd(&t.io);                /* twice is fine */
    fx_close(&f);
}

static void
test_write_ready_and_hup(void **state)
{
    fixture f;
    tio t = { .tag = 2, .pause = true };
    (void)state;
    fx_open(&f, true);
    assert_int_equal(ll_loop_watch_fd(f.loop, &t.io, f.p[1], LL_IO_WRITE,
                                      tio_cb, NULL), LL_OK);
    ll_loop_run(f.loop, LL_RUN_DEFAULT);      /* paused after one event */
    assert_int_equal(R.n, 1);
    assert_int_equal(R.bits[0], LL_IO_WRITE);
    /* The read end closes: a paused writer hears nothing (lazily disarmed). */
    close(f.p[0]);
    f.p[0] = open("/dev/null", O_RDONLY);
    ll_loop_run(f.loop, LL_RUN_NOWAIT);
    ll_loop_run(f.loop, LL_RUN_NOWAIT);
    assert_int_equal(R.n, 1);
    /* Wanting writes again reports the error condition. */
    t.pause = true;
    assert_int_equal(ll_loop_modify_fd(&t.io, LL_IO_WRITE), LL_OK);
    ll_loop_run(f.loop, LL_RUN_NOWAIT);
    assert_int_equal(R.n, 2);
    assert_true(R.bits[1] & LL_IO_ERROR);
    ll_loop_unwatch_fd(&t.io);
    fx_close(&f);
}

static void
test_watch_fd_rejects_bad_arguments(void **state)
{
    fixture f;
    ll_io w;
    (void)state;
    fx_open(&f, true);
    assert_int_equal(ll_loop_watch_fd(f.loop, &w, -1, LL_IO_READ, tio_cb,
                                      NULL), LL_EINVAL);
    assert_int_equal(ll_loop_watch_fd(f.loop, &w, f.p[0], LL_IO_READ, NULL,
                                      NULL), LL_EINVAL);
    assert_int_equal(ll_loop_watch_fd(f.loop, &w, f.p[0], 64, tio_cb, NULL),
                     LL_EINVAL);
    /* Not an fd epoll accepts (a regular file): refused, not registered. */
    {
        int fd = open("/dev/null", O_RDONLY);
        char path[] = "/tmp/ll_loop_io_XXXXXX";
        int reg = mkstemp(path);
        assert_true(reg >= 0);
        unlink(path);
        assert_int_equal(ll_loop_watch_fd(f.loop, &w, reg, LL_IO_READ,
                                          tio_cb, NULL), LL_EINVAL);
        assert_int_equal(ll_loop_watch_count(f.loop), 0);
        ll_loop_unwatch_fd(&w);
        close(reg);
        close(fd);
    }
    fx_close(&f);
}

/* A paused watcher's queued callback is withdrawn; one watcher can
 * unwatch another that is already queued in the same batch. */
static void
test_pause_and_unwatch_withdraw_queued_callbacks(void **state)
{
    fixture f;
    int q[2];
    tio a = { .tag = 1 }, b = { .tag = 2 };
    (void)state;
    fx_open(&f, true);
    assert_int_equal(pipe2(q, O_NONBLOCK), 0);
    put(f.p[1], "a");
    put(q[1], "b");
    assert_int_equal(ll_loop_watch_fd(f.loop, &a.io, f.p[0], LL_IO_READ,
                                      tio_cb, NULL), LL_OK);
    assert_int_equal(ll_loop_watch_fd(f.loop, &b.io, q[0], LL_IO_READ,
                                      tio_cb, NULL), LL_OK);
    a.unwatch = &b.io;
    ll_loop_run(f.loop, LL_RUN_NOWAIT);
    assert_int_equal(R.n, 1);
    assert_int_equal(R.tag[0], 1);
    /* Pausing between poll and run also withdraws. */
    a.unwatch = NULL;
    assert_int_equal(ll_loop_modify_fd(&a.io, 0), LL_OK);
    assert_int_equal(ll_loop_run(f.loop, LL_RUN_NOWAIT), 0);
    assert_int_equal(R.n, 1);
    assert_int_equal(ll_loop_modify_fd(&a.io, LL_IO_READ), LL_OK);
    ll_loop_run(f.loop, LL_RUN_NOWAIT);
    assert_int_equal(R.n, 2);
    ll_loop_unwatch_fd(&a.io);
    close(q[0]);
    close(q[1]);
    fx_close(&f);
}

/* ---- virtual time with watchers ---- */

/* An idle watcher is not in flight: the clock jumps to the timer, and when
 * no timer is left the loop returns instead of hanging. */
static void
test_virtual_jumps_past_idle_watcher_and_ends(void **state)
{
    fixture f;
    tio t = { .tag = 1 };
    ttimer tm = { .tag = 9 };
    (void)state;
    fx_open(&f, true);
    assert_int_equal(ll_loop_watch_fd(f.loop, &t.io, f.p[0], LL_IO_READ,
                                      tio_cb, NULL), LL_OK);
    ll_timer_init(f.loop, &tm.t);
    assert_int_equal(ll_timer_start(&tm.t, S(5), ttimer_cb), LL_OK);
    /* Returns with the watcher still alive (1), not blocked forever. */
    assert_int_equal(ll_loop_run(f.loop, LL_RUN_DEFAULT), 1);
    assert_int_equal(R.n, 1);
    assert_int_equal(R.tag[0], 9);
    assert_int_equal(R.at[0], S(5));
    ll_loop_unwatch_fd(&t.io);
    fx_close(&f);
}

/* Data already sent wins over a timer: I/O is polled before any jump. */
static void
test_virtual_io_before_jump(void **state)
{
    fixture f;
    int sp[2];
    tio t = { .tag = 1, .drain = true, .pause = true };
    ttimer tm = { .tag = 9 };
    (void)state;
    fx_open(&f, true);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sp),
                     0);
    ll_timer_init(f.loop, &tm.t);
    assert_int_equal(ll_timer_start(&tm.t, S(1), ttimer_cb), LL_OK);
    assert_int_equal(ll_loop_watch_fd(f.loop, &t.io, sp[0], LL_IO_READ,
                                      tio_cb, NULL), LL_OK);
    put(sp[1], "ping");
    ll_loop_io_settle(f.loop);
    assert_int_equal(ll_loop_run(f.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(R.n, 2);
    assert_int_equal(R.tag[0], 1);
    assert_int_equal(R.at[0], 0);     /* at virtual 0, before the jump */
    assert_int_equal(R.tag[1], 9);
    assert_int_equal(R.at[1], S(1));
    ll_loop_unwatch_fd(&t.io);
    close(sp[0]);
    close(sp[1]);
    fx_close(&f);
}

/* A job on another thread holds a ref: virtual time stays frozen until
 * its doorbell rings, however long it takes in real time. */
typedef struct job {
    ll_async a;
    int      delay_ms;
    pthread_t th;
} job;

static void *
job_thread(void *arg)
{
    job *j = arg;
    struct timespec ts = { 0, (long)j->delay_ms * 1000000L };
    nanosleep(&ts, NULL);
    ll_async_send(&j->a);
    return NULL;
}

static void
job_done(ll_async *a)
{
    rec_add(7, 0, ll_loop_now(a->loop));
    ll_loop_unref(a->loop);
}

static void
test_ref_freezes_virtual_time_until_doorbell(void **state)
{
    fixture f;
    job j = { .delay_ms = 30 };
    ttimer tm = { .tag = 9 };
    (void)state;
    fx_open(&f, true);
    ll_timer_init(f.loop, &tm.t);
    assert_int_equal(ll_timer_start(&tm.t, S(1), ttimer_cb), LL_OK);
    ll_async_init(f.loop, &j.a, job_done, NULL);
    ll_loop_ref(f.loop);
    assert_int_equal(ll_loop_refs(f.loop), 1);
    assert_int_equal(pthread_create(&j.th, NULL, job_thread, &j), 0);
    assert_int_equal(ll_loop_run(f.loop, LL_RUN_DEFAULT), 0);
    pthread_join(j.th, NULL);
    assert_int_equal(R.n, 2);
    assert_int_equal(R.tag[0], 7);    /* the job finished "instantly" */
    assert_int_equal(R.at[0], 0);
    assert_int_equal(R.tag[1], 9);
    assert_int_equal(R.at[1], S(1));
    assert_int_equal(ll_loop_refs(f.loop), 0);
    ll_async_close(&j.a);
    fx_close(&f);
}

/* Real clock: a ref keeps the loop alive with no timer, and the doorbell
 * interrupts the blocking wait. Many rings coalesce into one call. */
static int rings;

static void
ring_cb(ll_async *a)
{
    rings++;
    if (*(int *)a->data == 0)
        return;
    ll_loop_unref(a->loop);
}

static void *
ring_thread(void *arg)
{
    ll_async *a = arg;
    struct timespec ts = { 0, 20000000L };
    nanosleep(&ts, NULL);
    ll_async_send(a);
    ll_async_send(a);
    ll_async_send(a);
    return NULL;
}

static void
test_real_clock_doorbell_wakes_blocking_wait(void **state)
{
    fixture f;
    ll_async a;
    pthread_t th;
    int last = 1;
    (void)state;
    fx_open(&f, false);
    rings = 0;
    ll_async_init(f.loop, &a, ring_cb, &last);
    ll_loop_ref(f.loop);
    assert_int_equal(pthread_create(&th, NULL, ring_thread, &a), 0);
    pthread_join(th, NULL);                   /* all three rang already */
    assert_int_equal(ll_loop_run(f.loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(rings, 1);
    /* A bare wakeup interrupts a wait but runs nothing. */
    ll_loop_wakeup(f.loop);
    ll_loop_ref(f.loop);
    assert_int_equal(ll_loop_run(f.loop, LL_RUN_ONCE), 1);
    ll_loop_unref(f.loop);
    assert_int_equal(rings, 1);
    ll_async_close(&a);
    ll_async_close(&a);
    fx_close(&f);
}

static void
noop_cb(ll_callback *cb)
{
    (void)cb;
}

/* A weak watcher does not keep a real-clock loop running. */
static void
test_weak_watcher_does_not_keep_alive(void **state)
{
    fixture f;
    tio t = { .tag = 1 };
    (void)state;
    fx_open(&f, false);
    assert_int_equal(ll_loop_watch_fd(f.loop, &t.io, f.p[0], LL_IO_READ,
                                      tio_cb, NULL), LL_OK);
    ll_io_set_weak(&t.io, true);
    assert_int_equal(ll_loop_watch_count(f.loop), 0);
    assert_false(ll_loop_alive(f.loop));
    assert_int_equal(ll_loop_run(f.loop, LL_RUN_DEFAULT), 0);
    ll_io_set_weak(&t.io, false);
    assert_true(ll_loop_alive(f.loop));
    /* ... but it still hears events while something else runs. */
    ll_io_set_weak(&t.io, true);
    put(f.p[1], "x");
    t.drain = true;
    {
        ll_callback other;
        memset(&other, 0, sizeof other);
        ll_list_init(&other.node);
        other.fn = noop_cb;
        ll_loop_call_soon(f.loop, &other);
        ll_loop_run(f.loop, LL_RUN_NOWAIT);
    }
    assert_int_equal(R.n, 1);
    ll_loop_unwatch_fd(&t.io);
    fx_close(&f);
}

/* ---- poll once per batch ---- */

typedef struct spinner {
    ll_callback cb;
    ll_loop    *loop;
    int         left;
} spinner;

static void
spin_cb(ll_callback *cb)
{
    spinner *s = ll_container_of(cb, spinner, cb);
    if (--s->left > 0)
        ll_loop_call_soon(s->loop, cb);
}

static void
test_one_poll_per_iteration_not_per_callback(void **state)
{
    fixture f;
    spinner sp[50];
    tio t = { .tag = 1 };
    size_t i;
    uint64_t polls0, it0;
    (void)state;
    fx_open(&f, true);
    /* No watcher, no ref: the poll is skipped entirely. */
    for (i = 0; i < LL_COUNTOF(sp); i++) {
        memset(&sp[i], 0, sizeof sp[i]);
        ll_list_init(&sp[i].cb.node);
        sp[i].cb.fn = spin_cb;
        sp[i].loop = f.loop;
        sp[i].left = 10;
        ll_loop_call_soon(f.loop, &sp[i].cb);
    }
    polls0 = ll_loop_polls(f.loop);
    ll_loop_run(f.loop, LL_RUN_DEFAULT);
    assert_int_equal(ll_loop_polls(f.loop), polls0);
    /* With a watcher: one poll per iteration (10), not per callback (500). */
    assert_int_equal(ll_loop_watch_fd(f.loop, &t.io, f.p[0], LL_IO_READ,
                                      tio_cb, NULL), LL_OK);
    ll_io_set_weak(&t.io, true);
    for (i = 0; i < LL_COUNTOF(sp); i++) {
        sp[i].left = 10;
        ll_loop_call_soon(f.loop, &sp[i].cb);
    }
    polls0 = ll_loop_polls(f.loop);
    it0 = ll_loop_iterations(f.loop);
    ll_loop_run(f.loop, LL_RUN_DEFAULT);
    assert_int_equal(ll_loop_iterations(f.loop) - it0, 10);
    assert_int_equal(ll_loop_polls(f.loop) - polls0, 10);
    ll_loop_unwatch_fd(&t.io);
    fx_close(&f);
}

/* Rule 5: while a wait on an outside peer is paced, a jump is first spent
 * as real time; an event after d real ns moves virtual time by about d. */
typedef struct writer_arg {
    int fd;
    int delay_ms;
} writer_arg;

static void *
late_writer(void *arg)
{
    writer_arg *a = arg;
    struct timespec ts = { 0, (long)a->delay_ms * 1000000L };
    nanosleep(&ts, NULL);
    assert_int_equal(write(a->fd, "x", 1), 1);
    return NULL;
}

static void
test_paced_virtual_time_follows_real_time(void **state)
{
    fixture f;
    tio t = { .tag = 1, .drain = true, .pause = true };
    ttimer tm = { .tag = 9 }, quick = { .tag = 8 };
    writer_arg wa;
    pthread_t th;
    (void)state;
    fx_open(&f, true);
    ll_timer_init(f.loop, &tm.t);
    assert_int_equal(ll_timer_start(&tm.t, S(10), ttimer_cb), LL_OK);
    assert_int_equal(ll_loop_watch_fd(f.loop, &t.io, f.p[0], LL_IO_READ,
                                      tio_cb, NULL), LL_OK);
    ll_loop_pace(f.loop, 1);
    wa.fd = f.p[1];
    wa.delay_ms = 40;
    assert_int_equal(pthread_create(&th, NULL, late_writer, &wa), 0);
    ll_loop_run(f.loop, LL_RUN_ONCE);         /* waits for the writer */
    pthread_join(th, NULL);
    ll_loop_run(f.loop, LL_RUN_NOWAIT);
    assert_int_equal(R.n, 1);
    assert_int_equal(R.tag[0], 1);            /* the byte, not the timer */
    assert_true(R.at[0] >= 30000000 && R.at[0] < S(5));
    /* A silent peer: the (short) timer still fires, at its exact time. */
    ll_loop_modify_fd(&t.io, LL_IO_READ);
    ll_timer_stop(&tm.t);
    ll_timer_init(f.loop, &quick.t);
    assert_int_equal(ll_timer_start(&quick.t, 50000000, ttimer_cb), LL_OK);
    {
        int64_t start = ll_loop_now(f.loop);
        ll_loop_run(f.loop, LL_RUN_ONCE);
        ll_loop_run(f.loop, LL_RUN_NOWAIT);
        assert_int_equal(R.n, 2);
        assert_int_equal(R.tag[1], 8);
        assert_int_equal(R.at[1], start + 50000000);
    }
    ll_loop_pace(f.loop, -1);
    ll_loop_unwatch_fd(&t.io);
    fx_close(&f);
}

/* Watchers outlive their loop as inert records. */
static void
test_watcher_after_loop_free(void **state)
{
    fixture f;
    tio t = { .tag = 1 };
    ll_async a;
    (void)state;
    fx_open(&f, true);
    assert_int_equal(ll_loop_watch_fd(f.loop, &t.io, f.p[0], LL_IO_READ,
                                      tio_cb, NULL), LL_OK);
    ll_async_init(f.loop, &a, ring_cb, NULL);
    ll_loop_free(f.loop);
    f.loop = NULL;
    assert_null(t.io.loop);
    assert_int_equal(ll_loop_modify_fd(&t.io, LL_IO_WRITE), LL_OK);
    ll_loop_unwatch_fd(&t.io);
    ll_async_close(&a);
    close(f.p[0]);
    close(f.p[1]);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_ready_fires_once_per_iteration),
        cmocka_unit_test(test_write_ready_and_hup),
        cmocka_unit_test(test_watch_fd_rejects_bad_arguments),
        cmocka_unit_test(test_pause_and_unwatch_withdraw_queued_callbacks),
        cmocka_unit_test(test_virtual_jumps_past_idle_watcher_and_ends),
        cmocka_unit_test(test_virtual_io_before_jump),
        cmocka_unit_test(test_ref_freezes_virtual_time_until_doorbell),
        cmocka_unit_test(test_real_clock_doorbell_wakes_blocking_wait),
        cmocka_unit_test(test_weak_watcher_does_not_keep_alive),
        cmocka_unit_test(test_one_poll_per_iteration_not_per_callback),
        cmocka_unit_test(test_paced_virtual_time_follows_real_time),
        cmocka_unit_test(test_watcher_after_loop_free),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

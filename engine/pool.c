/* SPDX-License-Identifier: MIT
 * engine/pool.c -- pthread work pool with a completion queue for the owner.
 *
 * One mutex guards both queues (todo, finished) and every item's state;
 * workers sleep on work_cv, the owner on done_cv. Items never allocate: the
 * nodes are intrusive. `done` callbacks are run by the owner with the lock
 * released, after moving the finished list aside, so a callback may submit
 * more work (the map/chunk loops do).
 */
#include "pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "clock.h"

typedef struct pool_worker {
    ll_pool  *pool;
    pthread_t thread;
    int       id;
    bool      started;
} pool_worker;

struct ll_pool {
    pthread_mutex_t mu;
    pthread_cond_t  work_cv;    /* workers: todo non-empty or stopping */
    pthread_cond_t  done_cv;    /* owner: finished non-empty */
    ll_list_node    todo;
    ll_list_node    finished;
    size_t          pending;    /* submitted, done not yet run */
    bool            stopping;
    bool            joined;
    ll_pool_opts    opts;
    int             nworkers;
    pool_worker    *workers;
};

static atomic_int pool_next_worker_id = 1;

static void
pool_finish_locked(ll_pool *p, ll_pool_work *w, int status)
{
    w->state = LL_POOL_FINISHED;
    w->status = status;
    ll_list_push_back(&p->finished, &w->node);
    pthread_cond_broadcast(&p->done_cv);
}

static void *
pool_worker_main(void *arg)
{
    pool_worker *pw = arg;
    ll_pool *p = pw->pool;
    void *wstate = NULL;

    if (p->opts.worker_init != NULL &&
        p->opts.worker_init(p->opts.ud, pw->id, &wstate) != 0)
        return NULL;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        ll_list_node *n;
        ll_pool_work *w;
        while (ll_list_empty(&p->todo) && !p->stopping)
            pthread_cond_wait(&p->work_cv, &p->mu);
        n = ll_list_pop_front(&p->todo);
        if (n == NULL)
            break;                      /* stopping and nothing left */
        w = ll_container_of(n, ll_pool_work, node);
        w->state = LL_POOL_RUNNING;
        w->worker = pw->id;
        w->t_start = ll_mono_ns();
        pthread_mutex_unlock(&p->mu);

        if (p->opts.on_job != NULL)
            p->opts.on_job(p->opts.ud, w, true);
        w->work(w, wstate);
        w->t_end = ll_mono_ns();
        if (p->opts.on_job != NULL)
            p->opts.on_job(p->opts.ud, w, false);

        pthread_mutex_lock(&p->mu);
        pool_finish_locked(p, w, LL_OK);
        if (p->opts.notify != NULL) {
            /* Outside the lock: notify may take the owner's own locks. */
            pthread_mutex_unlock(&p->mu);
            p->opts.notify(p->opts.ud);
            pthread_mutex_lock(&p->mu);
        }
    }
    pthread_mutex_unlock(&p->mu);
    if (p->opts.worker_done != NULL)
        p->opts.worker_done(p->opts.ud, pw->id, wstate);
    return NULL;
}

int
ll_pool_new(const ll_pool_opts *opts, ll_pool **out)
{
    ll_pool *p;
    int i;

    *out = NULL;
    if (opts == NULL || opts->nworkers < 1)
        return LL_EINVAL;
    p = ll_calloc(1, sizeof *p);
    if (p == NULL)
        return LL_ENOMEM;
    p->workers = ll_calloc((size_t)opts->nworkers, sizeof *p->workers);
    if (p->workers == NULL) {
        ll_free(p);
        return LL_ENOMEM;
    }
    p->opts = *opts;
    p->nworkers = opts->nworkers;
    ll_list_init(&p->todo);
    ll_list_init(&p->finished);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work_cv, NULL);
    pthread_cond_init(&p->done_cv, NULL);
    for (i = 0; i < p->nworkers; i++) {
        pool_worker *pw = &p->workers[i];
        pw->pool = p;
        pw->id = atomic_fetch_add(&pool_next_worker_id, 1);
        if (pthread_create(&pw->thread, NULL, pool_worker_main, pw) != 0) {
            ll_pool_free(p);
            return LL_EIO;
        }
        pw->started = true;
    }
    *out = p;
    return LL_OK;
}

int
ll_pool_submit(ll_pool *p, ll_pool_work *w)
{
    if (w == NULL || w->work == NULL || w->done == NULL)
        return LL_EINVAL;
    pthread_mutex_lock(&p->mu);
    if (p->stopping) {
        pthread_mutex_unlock(&p->mu);
        return LL_ESTATE;
    }
    if (w->state != LL_POOL_IDLE) {
        pthread_mutex_unlock(&p->mu);
        return LL_EINVAL;
    }
    w->state = LL_POOL_QUEUED;
    w->status = LL_OK;
    w->worker = -1;
    w->t_submit = ll_mono_ns();
    w->t_start = w->t_end = 0;
    ll_list_init(&w->node);
    ll_list_push_back(&p->todo, &w->node);
    p->pending++;
    pthread_cond_signal(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
    return LL_OK;
}

int
ll_pool_cancel(ll_pool *p, ll_pool_work *w)
{
    int rc;
    pthread_mutex_lock(&p->mu);
    if (w->state == LL_POOL_QUEUED) {
        ll_list_remove(&w->node);
        w->t_end = ll_mono_ns();
        pool_finish_locked(p, w, LL_ECANCELED);
        rc = LL_OK;
    } else {
        rc = w->state == LL_POOL_IDLE ? LL_EINVAL : LL_EBUSY;
    }
    pthread_mutex_unlock(&p->mu);
    return rc;
}

int
ll_pool_run_done(ll_pool *p)
{
    ll_list_node batch, *n;
    int count = 0;

    ll_list_init(&batch);
    pthread_mutex_lock(&p->mu);
    if (!ll_list_empty(&p->finished)) {
        /* Splice the whole list: callbacks run without the lock. */
        batch.next = p->finished.next;
        batch.prev = p->finished.prev;
        batch.next->prev = &batch;
        batch.prev->next = &batch;
        ll_list_init(&p->finished);
    }
    pthread_mutex_unlock(&p->mu);
    while ((n = ll_list_pop_front(&batch)) != NULL) {
        ll_pool_work *w = ll_container_of(n, ll_pool_work, node);
        pthread_mutex_lock(&p->mu);
        w->state = LL_POOL_IDLE;
        p->pending--;
        pthread_mutex_unlock(&p->mu);
        w->done(w, w->status);
        count++;
    }
    return count;
}

bool
ll_pool_wait(ll_pool *p, int64_t timeout_ns)
{
    bool any;
    struct timespec ts;

    pthread_mutex_lock(&p->mu);
    if (timeout_ns >= 0)
        ll_clock_realtime_in(&ts, timeout_ns);
    while (ll_list_empty(&p->finished)) {
        int rc;
        if (timeout_ns < 0) {
            pthread_cond_wait(&p->done_cv, &p->mu);
            continue;
        }
        rc = pthread_cond_timedwait(&p->done_cv, &p->mu, &ts);
        if (rc == ETIMEDOUT)
            break;
    }
    any = !ll_list_empty(&p->finished);
    pthread_mutex_unlock(&p->mu);
    return any;
}

ll_pool_state
ll_pool_work_state(ll_pool *p, const ll_pool_work *w)
{
    ll_pool_state st;
    pthread_mutex_lock(&p->mu);
    st = w->state;
    pthread_mutex_unlock(&p->mu);
    return st;
}

size_t
ll_pool_pending(const ll_pool *p)
{
    size_t n;
    pthread_mutex_lock((pthread_mutex_t *)&p->mu);
    n = p->pending;
    pthread_mutex_unlock((pthread_mutex_t *)&p->mu);
    return n;
}

int
ll_pool_nworkers(const ll_pool *p)
{
    return p->nworkers;
}

int
ll_pool_worker_id(const ll_pool *p, int i)
{
    return i >= 0 && i < p->nworkers ? p->workers[i].id : -1;
}

void
ll_pool_shutdown(ll_pool *p, bool cancel_pending)
{
    int i;
    bool cancelled = false;

    pthread_mutex_lock(&p->mu);
    p->stopping = true;
    if (cancel_pending) {
        ll_list_node *n;
        while ((n = ll_list_pop_front(&p->todo)) != NULL) {
            ll_pool_work *w = ll_container_of(n, ll_pool_work, node);
            w->t_end = ll_mono_ns();
            pool_finish_locked(p, w, LL_ECANCELED);
            cancelled = true;
        }
    }
    pthread_cond_broadcast(&p->work_cv);
    if (p->joined) {
        pthread_mutex_unlock(&p->mu);
        return;
    }
    p->joined = true;
    pthread_mutex_unlock(&p->mu);
    if (cancelled && p->opts.notify != NULL)
        p->opts.notify(p->opts.ud);
    for (i = 0; i < p->nworkers; i++)
        if (p->workers[i].started)
            pthread_join(p->workers[i].thread, NULL);
}

void
ll_pool_free(ll_pool *p)
{
    if (p == NULL)
        return;
    ll_pool_shutdown(p, true);
    ll_pool_run_done(p);
    pthread_cond_destroy(&p->work_cv);
    pthread_cond_destroy(&p->done_cv);
    pthread_mutex_destroy(&p->mu);
    ll_free(p->workers);
    ll_free(p);
}

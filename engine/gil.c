/* SPDX-License-Identifier: MIT
 * engine/gil.c -- FIFO ticket lock with forced hand-over.
 *
 * A plain mutex would let a yielding holder grab it straight back (nothing
 * guarantees a waiter wins the race), and CPU-bound threads would then never
 * switch; tickets make the hand-over deterministic.
 */
#include "gil.h"

void
ll_gil_init(ll_gil *g, bool enabled, long interval)
{
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->cv, NULL);
    g->next_ticket = g->serving = 0;
    g->holder = 0;
    g->waiting = 0;
    g->enabled = enabled;
    atomic_init(&g->interval, interval > 0 ? interval : LL_GIL_DEFAULT_INTERVAL);
    g->switches = 0;
    g->on_event = NULL;
    g->ud = NULL;
}

void
ll_gil_close(ll_gil *g)
{
    pthread_cond_destroy(&g->cv);
    pthread_mutex_destroy(&g->mu);
}

static void
gil_event(ll_gil *g, int worker, ll_gil_ev ev)
{
    if (g->on_event != NULL)
        g->on_event(g->ud, worker, ev, ll_mono_ns());
}

/* Wait for the ticket's turn; called with g->mu held. */
static void
gil_wait_turn_locked(ll_gil *g, uint64_t ticket, int worker)
{
    while (g->serving != ticket || g->holder != 0) {
        g->waiting++;
        pthread_cond_wait(&g->cv, &g->mu);
        g->waiting--;
    }
    g->holder = worker;
}

static void
gil_take_locked(ll_gil *g, int worker)
{
    gil_wait_turn_locked(g, g->next_ticket++, worker);
}

void
ll_gil_acquire(ll_gil *g, int worker)
{
    if (!g->enabled)
        return;
    pthread_mutex_lock(&g->mu);
    if (g->holder != 0 || g->serving != g->next_ticket) {
        pthread_mutex_unlock(&g->mu);
        gil_event(g, worker, LL_GIL_WAIT);
        pthread_mutex_lock(&g->mu);
    }
    gil_take_locked(g, worker);
    pthread_mutex_unlock(&g->mu);
    gil_event(g, worker, LL_GIL_HOLD);
}

static void
gil_release_locked(ll_gil *g, int worker)
{
    LL_ASSERT(g->holder == worker);
    g->holder = 0;
    g->serving++;
    pthread_cond_broadcast(&g->cv);
}

void
ll_gil_release(ll_gil *g, int worker)
{
    if (!g->enabled)
        return;
    gil_event(g, worker, LL_GIL_RELEASE);
    pthread_mutex_lock(&g->mu);
    gil_release_locked(g, worker);
    pthread_mutex_unlock(&g->mu);
}

bool
ll_gil_yield(ll_gil *g, int worker)
{
    uint64_t ticket;
    if (!g->enabled)
        return false;
    pthread_mutex_lock(&g->mu);
    /* Someone holds a ticket beyond ours: they are waiting for us. */
    if (g->next_ticket == g->serving + 1) {
        pthread_mutex_unlock(&g->mu);
        return false;
    }
    g->switches++;
    /* Release and queue up in one critical section: a gap between them
     * would let the next holder see nobody waiting and skip its switch. */
    gil_release_locked(g, worker);
    ticket = g->next_ticket++;
    pthread_mutex_unlock(&g->mu);
    gil_event(g, worker, LL_GIL_RELEASE);
    gil_event(g, worker, LL_GIL_WAIT);
    pthread_mutex_lock(&g->mu);
    gil_wait_turn_locked(g, ticket, worker);
    pthread_mutex_unlock(&g->mu);
    gil_event(g, worker, LL_GIL_HOLD);
    return true;
}

void
ll_gil_set_interval(ll_gil *g, long interval)
{
    atomic_store(&g->interval, interval > 0 ? interval : LL_GIL_DEFAULT_INTERVAL);
}

long
ll_gil_interval(ll_gil *g)
{
    return atomic_load(&g->interval);
}

bool
ll_gil_enabled(const ll_gil *g)
{
    return g->enabled;
}

uint64_t
ll_gil_switches(ll_gil *g)
{
    uint64_t v;
    pthread_mutex_lock(&g->mu);
    v = g->switches;
    pthread_mutex_unlock(&g->mu);
    return v;
}

/* SPDX-License-Identifier: MIT
 * engine/gil.h -- a simulated global interpreter lock for the worker states.
 *
 * One lock per "interpreter" (a main Lua state and every thread it starts).
 * It is a FIFO ticket lock: a holder that yields while others wait goes to
 * the back of the line, so a switch request always hands the lock over
 * (CPython's forced switching, minus the 5 ms timer: the Lua layer calls
 * ll_gil_yield from an instruction-count hook every `interval`
 * instructions). Blocking calls (sleeps, lock waits, joins) release it
 * around the wait. When disabled every call is a no-op: free threading.
 *
 * The event hook reports waits and holds (for the timeline). All functions
 * are thread-safe; a worker must not acquire twice.
 */
#ifndef LL_GIL_H
#define LL_GIL_H

#include "base.h"

#include <pthread.h>
#include <stdatomic.h>

typedef enum ll_gil_ev {
    LL_GIL_WAIT,      /* worker starts waiting (the lock was busy) */
    LL_GIL_HOLD,      /* worker got the lock */
    LL_GIL_RELEASE    /* worker let it go */
} ll_gil_ev;

typedef void (*ll_gil_event_fn)(void *ud, int worker, ll_gil_ev ev,
                                int64_t mono_ns);

typedef struct ll_gil {
    pthread_mutex_t mu;
    pthread_cond_t  cv;
    uint64_t        next_ticket;
    uint64_t        serving;
    int             holder;       /* worker id, 0 = free */
    int             waiting;
    bool            enabled;
    atomic_long     interval;     /* instructions between switch checks */
    uint64_t        switches;     /* handovers forced by ll_gil_yield */
    ll_gil_event_fn on_event;     /* may be NULL; called without gil->mu */
    void           *ud;
} ll_gil;

#define LL_GIL_DEFAULT_INTERVAL 10000

/* enabled = false gives free threading. interval <= 0 means the default. */
void ll_gil_init(ll_gil *g, bool enabled, long interval);
void ll_gil_close(ll_gil *g);

/* Block until worker (id > 0) holds the lock. */
void ll_gil_acquire(ll_gil *g, int worker);
void ll_gil_release(ll_gil *g, int worker);
/* A switch point: if someone waits, hand over and wait for the next turn.
 * Returns true when the lock changed hands. */
bool ll_gil_yield(ll_gil *g, int worker);
/* Settable from any thread; read by the hooks at their next re-arm. */
void ll_gil_set_interval(ll_gil *g, long interval);
long ll_gil_interval(ll_gil *g);
bool ll_gil_enabled(const ll_gil *g);
uint64_t ll_gil_switches(ll_gil *g);

#endif /* LL_GIL_H */

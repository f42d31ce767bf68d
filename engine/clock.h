/* SPDX-License-Identifier: MIT
 * engine/clock.h -- the loop's notion of time: virtual or real.
 *
 * Both clocks count nanoseconds from 0 at creation. The virtual clock only
 * moves when the loop jumps it to the next timer deadline (nothing runnable),
 * so a 30 s sleep costs microseconds and every run prints the same thing.
 * The real clock is CLOCK_MONOTONIC scaled by a speed factor (slow-motion
 * demos use speed < 1). One code path otherwise: the loop asks the clock for
 * `now`, and asks it to wait (real) or jump (virtual) until a deadline.
 * A clock belongs to one loop thread.
 */
#ifndef LL_CLOCK_H
#define LL_CLOCK_H

#include "base.h"

typedef struct ll_clock {
    bool    virtual_;  /* true: jump; false: monotonic * speed */
    int64_t vnow;      /* virtual: current time (ns) */
    int64_t base;      /* real: monotonic ns at creation */
    double  speed;     /* real: scale factor (> 0) */
} ll_clock;

void ll_clock_init_virtual(ll_clock *c);
/* speed <= 0 means 1.0. */
void ll_clock_init_real(ll_clock *c, double speed);
int64_t ll_clock_now(const ll_clock *c);
/* Virtual: set now to t if t is later (never moves backwards). Real: no-op. */
void ll_clock_jump(ll_clock *c, int64_t t);
/* Real: nanoseconds of wall time until clock time t (>= 0). Virtual: 0. */
int64_t ll_clock_wall_until(const ll_clock *c, int64_t t);

#define LL_NS_PER_S 1000000000LL
/* Seconds (double) to ns, rounding to nearest, clamped to [0, ~292 years]. */
int64_t ll_clock_s2ns(double s);

struct timespec;
/* The CLOCK_REALTIME instant ns nanoseconds (>= 0) from now, into *ts: the
 * absolute deadline pthread_cond_timedwait and pthread_mutex_timedlock
 * take. Any thread. */
void ll_clock_realtime_in(struct timespec *ts, int64_t ns);

#endif /* LL_CLOCK_H */

/* SPDX-License-Identifier: MIT
 * engine/clock.c -- virtual and real clocks behind one small interface.
 */
#include "clock.h"

#include <math.h>
#include <time.h>

void
ll_clock_init_virtual(ll_clock *c)
{
    c->virtual_ = true;
    c->vnow = 0;
    c->base = 0;
    c->speed = 1.0;
}

void
ll_clock_init_real(ll_clock *c, double speed)
{
    c->virtual_ = false;
    c->vnow = 0;
    c->base = ll_mono_ns();
    c->speed = speed > 0 ? speed : 1.0;
}

int64_t
ll_clock_now(const ll_clock *c)
{
    if (c->virtual_)
        return c->vnow;
    return (int64_t)((double)(ll_mono_ns() - c->base) * c->speed);
}

void
ll_clock_jump(ll_clock *c, int64_t t)
{
    if (c->virtual_ && t > c->vnow)
        c->vnow = t;
}

int64_t
ll_clock_wall_until(const ll_clock *c, int64_t t)
{
    int64_t d;
    if (c->virtual_)
        return 0;
    d = t - ll_clock_now(c);
    if (d <= 0)
        return 0;
    /* Round up so a real-clock timer never fires early. */
    return (int64_t)ceil((double)d / c->speed);
}

int64_t
ll_clock_s2ns(double s)
{
    if (!(s > 0))              /* also catches NaN */
        return 0;
    if (s > 9.2e9)
        return INT64_MAX / 2;
    return (int64_t)llround(s * 1e9);
}

void
ll_clock_realtime_in(struct timespec *ts, int64_t ns)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += (time_t)(ns / LL_NS_PER_S);
    ts->tv_nsec += (long)(ns % LL_NS_PER_S);
    if (ts->tv_nsec >= LL_NS_PER_S) {
        ts->tv_sec++;
        ts->tv_nsec -= LL_NS_PER_S;
    }
}

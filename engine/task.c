/* SPDX-License-Identifier: MIT
 * engine/task.c -- task records on the loop: queueing, sleeping, finishing,
 * and the trace of every transition.
 *
 * The step callback brackets each step with RUN and SUSPEND events, so the
 * timeline needs nothing but the trace. SUSPEND is emitted after the step
 * returns, with the reason the binding left on the task.
 *
 * Sleep timers are taken by the first sleep (d > 0) and given back when the
 * task finishes: 80 bytes that most tasks (spawn, await, gather) never use
 * stay out of the record. They come from slabs of TASK_SLAB timers owned by
 * the scheduler, through a free list: a malloc + free per sleeping task cost
 * ~250 instructions (2% of the timers workload) and a 16 B malloc header.
 * The slabs are freed with the scheduler, so they never hold more timers
 * than the most tasks that slept at once (rounded up to a slab).
 */
#include "task.h"

#include <stdio.h>
#include <string.h>

struct ll_sched {
    ll_loop     *loop;
    ll_trace    *trace;
    ll_task     *current;
    ll_list_node tasks;      /* pending tasks, creation order */
    size_t       npending;
    uint32_t     next_id;
    void        *data;
    ll_timer    *free_timers;  /* linked through ll_timer.data */
    struct task_slab *slabs;
};

#define TASK_SLAB 64

struct task_slab {
    struct task_slab *next;
    ll_timer          t[TASK_SLAB];
};

static void task_run_step(ll_callback *cb);

int
ll_sched_new(ll_loop *loop, ll_trace *trace, ll_sched **out)
{
    ll_sched *s = ll_calloc(1, sizeof *s);
    *out = NULL;
    if (s == NULL)
        return LL_ENOMEM;
    s->loop = loop;
    s->trace = trace;
    ll_list_init(&s->tasks);
    s->next_id = 1;
    ll_loop_set_shuffle_fn(loop, task_run_step);
    *out = s;
    return LL_OK;
}

void
ll_sched_free(ll_sched *s)
{
    while (s->slabs != NULL) {
        struct task_slab *sl = s->slabs;
        s->slabs = sl->next;
        ll_free(sl);
    }
    ll_free(s);
}

ll_loop *ll_sched_loop(ll_sched *s) { return s->loop; }
void ll_sched_set_data(ll_sched *s, void *data) { s->data = data; }
void *ll_sched_data(const ll_sched *s) { return s->data; }
ll_trace *ll_sched_trace(ll_sched *s) { return s->trace; }
ll_task *ll_sched_current(ll_sched *s) { return s->current; }
size_t ll_sched_pending(const ll_sched *s) { return s->npending; }

double
ll_sched_time(const ll_sched *s)
{
    return (double)ll_loop_now(s->loop) / 1e9;
}

void
ll_sched_foreach_pending(ll_sched *s, void (*fn)(ll_task *t, void *ud),
                         void *ud)
{
    ll_list_node *p, *next;
    for (p = s->tasks.next; p != &s->tasks; p = next) {
        next = p->next;
        fn(ll_container_of(p, ll_task, all), ud);
    }
}

/* "Task-<id>" into buf, by hand: snprintf was ~730 instructions. */
static void
task_default_name(char buf[LL_TASK_NAME_MAX], uint32_t id)
{
    char tmp[10];
    int n = 0;
    memcpy(buf, "Task-", 5);
    do {
        tmp[n++] = (char)('0' + id % 10);
        id /= 10;
    } while (id != 0);
    for (int i = 0; i < n; i++)
        buf[5 + i] = tmp[n - 1 - i];
    buf[5 + n] = '\0';
}

const char *
ll_task_name(const ll_task *t, char buf[LL_TASK_NAME_MAX])
{
    if (t->name != NULL)
        return t->name;
    task_default_name(buf, t->id);
    return buf;
}

static void
task_trace2(ll_task *t, ll_ev_kind kind, const char *what)
{
    ll_sched *s = t->sched;
    char nb[LL_TASK_NAME_MAX];
    ll_trace_add(s->trace, ll_sched_time(s), kind, t->id, -1,
                 ll_task_name(t, nb), what);
}

void
ll_task_trace(ll_task *t, ll_ev_kind kind, const char *what)
{
    if (t->sched->trace != NULL)
        task_trace2(t, kind, what);
}

static void
task_run_step(ll_callback *cb)
{
    ll_task *t = ll_container_of(cb, ll_task, step_cb);
    ll_sched *s = t->sched;
    ll_task *prev = s->current;

    if (t->state != LL_TASK_PENDING)
        return;
    t->reason = NULL;
    t->started = true;
    s->current = t;
    ll_task_trace(t, LL_EV_RUN, "");
    t->step(t);
    s->current = prev;
    /* A finished task traced its own end; a waiting one says why. */
    if (t->state == LL_TASK_PENDING)
        ll_task_trace(t, LL_EV_SUSPEND, t->reason ? t->reason : "await");
}

int
ll_task_start(ll_sched *s, ll_task *t, const char *name,
              ll_task_step_fn step, void *data, const ll_task *parent)
{
    memset(t, 0, sizeof *t);
    t->sched = s;
    t->id = s->next_id;
    if (name != NULL) {
        t->name = ll_strdup(name);
        if (t->name == NULL)
            return LL_ENOMEM;
    }
    s->next_id++;
    t->step = step;
    t->state = LL_TASK_PENDING;
    ll_list_init(&t->step_cb.node);
    t->step_cb.fn = task_run_step;
    t->step_cb.data = data;
    ll_list_init(&t->waiters);
    ll_list_push_back(&s->tasks, &t->all);
    s->npending++;
    if (s->trace != NULL) {
        char pb[LL_TASK_NAME_MAX];
        task_trace2(t, LL_EV_SPAWN, parent ? ll_task_name(parent, pb) : "");
    }
    ll_loop_call_soon(s->loop, &t->step_cb);
    return LL_OK;
}

void
ll_task_wake(ll_task *t)
{
    if (t->state != LL_TASK_PENDING || ll_list_linked(&t->step_cb.node))
        return;
    if (t->timer != NULL)
        ll_timer_stop(t->timer);
    ll_task_trace(t, LL_EV_READY, t->reason ? t->reason : "");
    ll_loop_call_soon(t->sched->loop, &t->step_cb);
}

void
ll_task_run_now(ll_task *t)
{
    if (t->state != LL_TASK_PENDING)
        return;
    LL_ASSERT(t->sched->current == NULL);
    ll_loop_cancel_soon(&t->step_cb);
    if (t->timer != NULL)
        ll_timer_stop(t->timer);
    ll_task_trace(t, LL_EV_READY, t->reason ? t->reason : "");
    task_run_step(&t->step_cb);
}

void
ll_task_block(ll_task *t, const char *reason)
{
    t->reason = reason;
}

static void
task_sleep_done(ll_timer *tm)
{
    ll_task *t = tm->data;
    ll_task_wake(t);
}

int
ll_task_sleep(ll_task *t, int64_t delay_ns)
{
    if (delay_ns <= 0) {
        /* A bare yield: back to the tail of the ready queue at once. */
        t->reason = "yield";
        if (!ll_list_linked(&t->step_cb.node))
            ll_loop_call_soon(t->sched->loop, &t->step_cb);
        return LL_OK;
    }
    t->reason = "sleep";
    if (t->timer == NULL) {
        ll_sched *s = t->sched;
        ll_timer *tm;
        if (s->free_timers == NULL) {
            struct task_slab *sl = ll_malloc(sizeof *sl);
            if (sl == NULL)
                return LL_ENOMEM;
            sl->next = s->slabs;
            s->slabs = sl;
            for (int i = TASK_SLAB - 1; i >= 0; i--) {
                sl->t[i].data = s->free_timers;
                s->free_timers = &sl->t[i];
            }
        }
        tm = s->free_timers;
        s->free_timers = tm->data;
        ll_timer_init(s->loop, tm);
        tm->data = t;
        t->timer = tm;
    }
    return ll_timer_start(t->timer, delay_ns, task_sleep_done);
}

void
ll_task_unschedule(ll_task *t)
{
    if (t->timer != NULL)
        ll_timer_stop(t->timer);
    ll_loop_cancel_soon(&t->step_cb);
}

void
ll_task_waiter_prepare(ll_task_waiter *w)
{
    ll_list_init(&w->node);
}

void
ll_task_waiter_queue(ll_loop *loop, ll_task_waiter *w)
{
    ll_list_remove(&w->node);
    ll_loop_call_soon(loop, &w->call);
}

void
ll_task_add_waiter(ll_task *t, ll_task_waiter *w)
{
    ll_list_init(&w->node);
    if (t->state != LL_TASK_PENDING) {
        ll_loop_call_soon(t->sched->loop, &w->call);
        return;
    }
    ll_list_push_back(&t->waiters, &w->node);
}

/* One node: this unlinks w from the waited-on list or the ready queue. */
void
ll_task_remove_waiter(ll_task_waiter *w)
{
    ll_list_remove(&w->node);
}

void
ll_task_finish(ll_task *t, ll_task_state state, const char *what)
{
    ll_list_node *n;
    static const ll_ev_kind ev[] = {
        [LL_TASK_PENDING] = LL_EV_DONE, [LL_TASK_DONE] = LL_EV_DONE,
        [LL_TASK_FAILED] = LL_EV_ERROR, [LL_TASK_CANCELLED] = LL_EV_CANCEL,
    };

    LL_ASSERT(state != LL_TASK_PENDING);
    if (t->state != LL_TASK_PENDING)
        return;
    ll_task_unschedule(t);
    if (t->timer != NULL) {
        t->timer->data = t->sched->free_timers;
        t->sched->free_timers = t->timer;
        t->timer = NULL;
    }
    t->state = (uint8_t)state;
    ll_list_remove(&t->all);
    t->sched->npending--;
    ll_task_trace(t, ev[state], what ? what : "");
    while ((n = ll_list_pop_front(&t->waiters)) != NULL) {
        ll_loop_call_soon(t->sched->loop, &ll_container_of(n, ll_task_waiter,
                                                           node)->call);
    }
}

int
ll_task_set_name(ll_task *t, const char *name)
{
    char *copy = ll_strdup(name);
    if (copy == NULL)
        return LL_ENOMEM;
    ll_free(t->name);
    t->name = copy;
    return LL_OK;
}

void
ll_task_close(ll_task *t)
{
    LL_ASSERT(t->state != LL_TASK_PENDING || t->sched == NULL);
    ll_free(t->name);
    t->name = NULL;
    /* A finished task gave its timer back; an unstarted one had none. */
    LL_ASSERT(t->timer == NULL);
}

const char *
ll_task_state_name(ll_task_state s)
{
    switch (s) {
    case LL_TASK_PENDING: return "pending";
    case LL_TASK_DONE: return "done";
    case LL_TASK_FAILED: return "failed";
    case LL_TASK_CANCELLED: return "cancelled";
    }
    return "?";
}

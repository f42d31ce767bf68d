/* SPDX-License-Identifier: MIT
 * app/tui/timeline.c -- fold a trace into task segments and draw them.
 *
 * Each task event closes the task's open segment at the event's time and
 * opens the next one (spawn/ready -> READY, run -> RUN, suspend -> WAIT,
 * block -> BLOCK); done/error/cancel close it for good. Drawing maps each
 * column to a slice [c*dt, (c+1)*dt) of virtual time and picks the most
 * telling state in the slice: RUN > BLOCK > wait start (the reason letter)
 * > WAIT > READY. The axis spans the columns left of two spare cells, so a
 * task that ends at the last instant still gets its end mark.
 */
#include "timeline.h"
#include "timeline_ix.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the fold keeps besides the timeline: capacities (arrays double,
 * never grow by one: realloc by one element was quadratic in copies) and
 * the indexes of timeline_ix.h. A task waiting for locks also notes which
 * objects, so its end need not visit every object. */
typedef struct tl_waiter {
    uint32_t id;
    uint8_t  n;
    bool     overflow;      /* more than fit in obj[]: visit every object */
    uint32_t obj[6];
} tl_waiter;

struct tl_build {
    size_t     tasks_cap, out_cap, objs_cap, waiters_cap, nwaiters;
    ll_tl_ix   tasks, objs, waiters_ix;
    tl_waiter *waiters;
};

/* Grow *p (of *cap elements of size sz) to hold n + 1: doubling. */
static int
tl_grow(void *p, size_t *cap, size_t n, size_t sz)
{
    void **pp = p, *q;
    size_t c;
    if (n < *cap)
        return LL_OK;
    c = *cap ? 2 * *cap : 16;
    q = ll_realloc(*pp, c * sz);
    if (q == NULL)
        return LL_ENOMEM;
    *pp = q;
    *cap = c;
    return LL_OK;
}

typedef struct tl_key {
    const ll_timeline *tl;
    uint32_t id;
    const char *name;
    size_t n;
    bool queue;
} tl_key;

static bool
tl_id_eq(const void *ud, size_t i)
{
    const tl_key *k = ud;
    return k->tl->tasks[i].id == k->id;
}

static uint64_t
tl_id_rehash(const void *ud, size_t i)
{
    const tl_key *k = ud;
    return ll__tl_hash_id(k->tl->tasks[i].id);
}

static long
tl_task_find(const ll_timeline *tl, uint32_t id)
{
    tl_key k = { tl, id, NULL, 0, false };
    if (tl->build == NULL)
        return -1;
    return ll__tl_ix_find(&tl->build->tasks, ll__tl_hash_id(id), tl_id_eq,
                          &k);
}

static ll_tl_task *
tl_task(ll_timeline *tl, uint32_t id, const char *name, double t)
{
    ll_tl_task *p;
    long at = tl_task_find(tl, id);
    tl_key k = { tl, id, NULL, 0, false };

    if (at >= 0)
        return &tl->tasks[at];
    if (tl_grow(&tl->tasks, &tl->build->tasks_cap, tl->ntasks,
                sizeof *tl->tasks) != LL_OK)
        return NULL;
    p = &tl->tasks[tl->ntasks];
    memset(p, 0, sizeof *p);
    p->id = id;
    p->spawn = t;
    p->name = ll_strdup(name && *name ? name : "task");
    if (p->name == NULL)
        return NULL;
    tl->ntasks++;
    if (ll__tl_ix_add(&tl->build->tasks, ll__tl_hash_id(id), tl->ntasks - 1,
                      tl_id_rehash, &k) != LL_OK) {
        tl->ntasks--;
        ll_free(p->name);
        return NULL;
    }
    return p;
}

static int
tl_open(ll_tl_task *k, double t, ll_tl_state st, char reason)
{
    ll_tl_seg *p;

    if (k->nsegs > 0)
        k->segs[k->nsegs - 1].t1 = t;
    if (tl_grow(&k->segs, &k->segcap, k->nsegs, sizeof *k->segs) != LL_OK)
        return LL_ENOMEM;
    p = k->segs;
    p[k->nsegs].t0 = p[k->nsegs].t1 = t;
    p[k->nsegs].state = (uint8_t)st;
    p[k->nsegs].reason = reason;
    k->nsegs++;
    return LL_OK;
}

/* The letter of a wait reason, unique per run: the reason's first letter
 * when free ("s sleep"), else its next unused letter ("gather" took g, so
 * "gil" becomes i), else an unused digit. Reasons are compared by word,
 * so "lock" and "lock" share a letter and "gather" and "gil" never do. */
static char
tl_reason(ll_timeline *tl, const char *what)
{
    size_t i, n = strlen(what);
    char letter = 0;

    for (i = 0; i < tl->nreasons; i++)
        if (strcmp(tl->reasons[i] + 2, what) == 0 ||
            (n >= sizeof tl->reasons[0] - 3 &&
             strncmp(tl->reasons[i] + 2, what, sizeof tl->reasons[0] - 3) == 0))
            return tl->reasons[i][0];
    for (i = 0; i <= n && !letter; i++) {
        char c = i < n ? what[i] : 0;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (i == n) {
            for (c = '1'; c <= '9' && !letter; c++) {
                size_t j;
                for (j = 0; j < tl->nreasons && tl->reasons[j][0] != c; j++)
                    ;
                if (j == tl->nreasons)
                    letter = c;
            }
            break;
        }
        if (c < 'a' || c > 'z')
            continue;
        size_t j;
        for (j = 0; j < tl->nreasons && tl->reasons[j][0] != c; j++)
            ;
        if (j == tl->nreasons)
            letter = c;
    }
    if (letter == 0)
        letter = '?';
    if (tl->nreasons < LL_COUNTOF(tl->reasons))
        snprintf(tl->reasons[tl->nreasons++], sizeof tl->reasons[0], "%c %s",
                 letter, what);
    return letter;
}

static int tl_fold(const ll_trace *tr, ll_timeline *tl, bool real,
                   const size_t *order, size_t n);

/* {==== locks and queues ====} */

static bool
tl_obj_eq(const void *ud, size_t i)
{
    const tl_key *k = ud;
    const ll_tl_obj *o = &k->tl->objs[i];
    return o->queue == k->queue && strncmp(o->name, k->name, k->n) == 0 &&
           o->name[k->n] == '\0';
}

static uint64_t
tl_obj_rehash(const void *ud, size_t i)
{
    const tl_key *k = ud;
    const ll_tl_obj *o = &k->tl->objs[i];
    return ll__tl_hash_name(o->name, strlen(o->name), o->queue);
}

static ll_tl_obj *
tl_obj(ll_timeline *tl, const char *name, size_t n, bool queue)
{
    ll_tl_obj *p;
    tl_key k;
    uint64_t h;
    long at;

    if (n >= sizeof p->name)
        n = sizeof p->name - 1;
    k = (tl_key){ tl, 0, name, n, queue };
    h = ll__tl_hash_name(name, n, queue);
    at = ll__tl_ix_find(&tl->build->objs, h, tl_obj_eq, &k);
    if (at >= 0)
        return &tl->objs[at];
    if (tl_grow(&tl->objs, &tl->build->objs_cap, tl->nobjs, sizeof *p)
        != LL_OK)
        return NULL;
    p = &tl->objs[tl->nobjs++];
    memset(p, 0, sizeof *p);
    memcpy(p->name, name, n);
    p->queue = queue;
    if (ll__tl_ix_add(&tl->build->objs, h, tl->nobjs - 1, tl_obj_rehash, &k)
        != LL_OK) {
        tl->nobjs--;
        return NULL;
    }
    return p;
}

/* The waiter record of task id (created when make), or NULL. */
static bool
tl_waiter_eq(const void *ud, size_t i)
{
    const tl_key *k = ud;
    return k->tl->build->waiters[i].id == k->id;
}

static uint64_t
tl_waiter_rehash(const void *ud, size_t i)
{
    const tl_key *k = ud;
    return ll__tl_hash_id(k->tl->build->waiters[i].id);
}

static tl_waiter *
tl_waiter_of(ll_timeline *tl, uint32_t id, bool make)
{
    struct tl_build *b = tl->build;
    tl_key k = { tl, id, NULL, 0, false };
    long at = ll__tl_ix_find(&b->waiters_ix, ll__tl_hash_id(id),
                             tl_waiter_eq, &k);
    tl_waiter *w;

    if (at >= 0)
        return &b->waiters[at];
    if (!make || tl_grow(&b->waiters, &b->waiters_cap, b->nwaiters,
                         sizeof *w) != LL_OK)
        return NULL;
    w = &b->waiters[b->nwaiters++];
    memset(w, 0, sizeof *w);
    w->id = id;
    if (ll__tl_ix_add(&b->waiters_ix, ll__tl_hash_id(id), b->nwaiters - 1,
                      tl_waiter_rehash, &k) != LL_OK) {
        b->nwaiters--;
        return NULL;
    }
    return w;
}

static int
tl_obj_push(ll_tl_obj *o, double t, int32_t value)
{
    ll_tl_objstate *p;
    size_t i;

    /* Changes at one instant keep only the last state. */
    if (o->nst > 0 && o->st[o->nst - 1].t == t) {
        p = &o->st[o->nst - 1];
    } else {
        if (tl_grow(&o->st, &o->stcap, o->nst, sizeof *p) != LL_OK)
            return LL_ENOMEM;
        p = &o->st[o->nst++];
    }
    memset(p, 0, sizeof *p);
    p->t = t;
    p->value = value;
    p->waiting = (int32_t)o->nwaits;
    for (i = 0; i < o->nheld && i < 3; i++)
        p->holder[i] = o->held[i];
    if (value > o->maxvalue)
        o->maxvalue = value;
    return LL_OK;
}

static bool
tl_set_del(uint32_t *set, size_t *n, uint32_t id)
{
    for (size_t i = 0; i < *n; i++)
        if (set[i] == id) {
            memmove(set + i, set + i + 1, (*n - i - 1) * sizeof *set);
            (*n)--;
            return true;
        }
    return false;
}

static void
tl_set_add(uint32_t *set, size_t *n, size_t cap, uint32_t id)
{
    if (*n < cap)
        set[(*n)++] = id;
}

static int
tl_lock_event(ll_timeline *tl, const ll_event *e)
{
    ll_tl_obj *o = tl_obj(tl, e->what, strlen(e->what), false);

    if (o == NULL)
        return LL_ENOMEM;
    switch (e->kind) {
    case LL_EV_LOCK_WAIT:
        if (o->nwaits < LL_COUNTOF(o->waits)) {
            tl_waiter *w = tl_waiter_of(tl, e->task, true);
            if (w == NULL)
                return LL_ENOMEM;
            if (w->n < LL_COUNTOF(w->obj))
                w->obj[w->n++] = (uint32_t)(o - tl->objs);
            else
                w->overflow = true;
        }
        tl_set_add(o->waits, &o->nwaits, LL_COUNTOF(o->waits), e->task);
        break;
    case LL_EV_LOCK_ACQUIRE:
        if (tl_set_del(o->waits, &o->nwaits, e->task)) {
            tl_waiter *w = tl_waiter_of(tl, e->task, false);
            uint32_t oi = (uint32_t)(o - tl->objs);
            for (uint8_t j = 0; w != NULL && j < w->n; j++)
                if (w->obj[j] == oi) {
                    w->obj[j] = w->obj[--w->n];
                    break;
                }
        }
        tl_set_add(o->held, &o->nheld, LL_COUNTOF(o->held), e->task);
        break;
    default:  /* release: by the holder, or (semaphores) anyone */
        if (!tl_set_del(o->held, &o->nheld, e->task) && o->nheld > 0)
            tl_set_del(o->held, &o->nheld, o->held[0]);
        break;
    }
    return tl_obj_push(o, e->t, (int32_t)o->nheld);
}

/* The simulated GIL as a lock whose holders are worker rows. */
static int
tl_gil_event(ll_timeline *tl, const ll_event *e)
{
    ll_tl_obj *o = tl_obj(tl, "GIL", 3, false);
    uint32_t id = LL_TL_WORKER_ID(e->worker);

    if (o == NULL)
        return LL_ENOMEM;
    tl_set_del(o->waits, &o->nwaits, id);
    tl_set_del(o->held, &o->nheld, id);
    if (e->kind == LL_EV_GIL_WAIT)
        tl_set_add(o->waits, &o->nwaits, LL_COUNTOF(o->waits), id);
    else if (e->kind == LL_EV_GIL_HOLD)
        tl_set_add(o->held, &o->nheld, LL_COUNTOF(o->held), id);
    return tl_obj_push(o, e->t, (int32_t)o->nheld);
}

static int
tl_queue_event(ll_timeline *tl, const ll_event *e)
{
    /* what = "Queue-1 size=N" */
    const char *sz = strstr(e->what, " size=");
    size_t n = sz ? (size_t)(sz - e->what) : strlen(e->what);
    ll_tl_obj *o = tl_obj(tl, e->what, n, true);

    if (o == NULL)
        return LL_ENOMEM;
    return tl_obj_push(o, e->t, sz ? (int32_t)atoi(sz + 6) : 0);
}

static int
tl_cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* A task that ends stops waiting for any lock (a cancelled acquire): one
 * entry less in each object it waits on. The waiter record mirrors those
 * entries (with their repeats), so only its objects are visited; every
 * object only once the record has overflowed. */
static int
tl_task_gone(ll_timeline *tl, const ll_event *e)
{
    tl_waiter *w = tl_waiter_of(tl, e->task, false);
    size_t i, j, n;
    uint32_t objs[LL_COUNTOF(w->obj)];

    if (w == NULL)
        return LL_OK;
    if (w->overflow) {                  /* sticky: repeats may remain */
        for (i = 0; i < tl->nobjs; i++) {
            ll_tl_obj *o = &tl->objs[i];
            if (!o->queue && tl_set_del(o->waits, &o->nwaits, e->task)) {
                int rc = tl_obj_push(o, e->t, (int32_t)o->nheld);
                if (rc != LL_OK)
                    return rc;
            }
        }
        return LL_OK;
    }
    n = w->n;
    memcpy(objs, w->obj, n * sizeof *objs);
    qsort(objs, n, sizeof *objs, tl_cmp_u32);
    for (i = 0; i < n; i++) {
        ll_tl_obj *o = &tl->objs[objs[i]];
        if (i > 0 && objs[i] == objs[i - 1])
            continue;                   /* one entry per object and end */
        for (j = 0; j < w->n; j++)
            if (w->obj[j] == objs[i]) {
                w->obj[j] = w->obj[--w->n];
                break;
            }
        if (tl_set_del(o->waits, &o->nwaits, e->task)) {
            int rc = tl_obj_push(o, e->t, (int32_t)o->nheld);
            if (rc != LL_OK)
                return rc;
        }
    }
    return LL_OK;
}

const ll_tl_objstate *
ll_timeline_obj_at(const ll_tl_obj *o, double now)
{
    const ll_tl_objstate *hit = NULL;

    for (size_t i = 0; i < o->nst && o->st[i].t <= now; i++)
        hit = &o->st[i];
    return hit;
}

const char *
ll_timeline_task_name(const ll_timeline *tl, uint32_t id)
{
    long at = tl_task_find(tl, id);
    return at >= 0 ? tl->tasks[at].name : "?";
}

int
ll_timeline_build(const ll_trace *tr, ll_timeline *tl)
{
    return ll_timeline_build_clock(tr, tl, false);
}

bool
ll_timeline_prefers_real(const ll_trace *tr)
{
    size_t i, n = tr ? ll_trace_count(tr) : 0;
    double rmin = 0, rmax = 0;

    for (i = 0; i < n; i++) {
        const ll_event *e = ll_trace_get(tr, i);
        if (e->t > 0)
            return false;
        if (i == 0 || e->rt < rmin)
            rmin = e->rt;
        if (e->rt > rmax)
            rmax = e->rt;
    }
    return n > 0 && rmax > rmin;
}

/* Real times come from several threads' flushes, not in order: sort an
 * index by (rt, position) so the fold sees one timeline. */
static const ll_trace *tl_sort_trace;

static int
tl_cmp_rt(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    double rx = ll_trace_get(tl_sort_trace, x)->rt;
    double ry = ll_trace_get(tl_sort_trace, y)->rt;

    if (rx != ry)
        return rx < ry ? -1 : 1;
    return x < y ? -1 : x > y;
}

int
ll_timeline_build_clock(const ll_trace *tr, ll_timeline *tl, bool real)
{
    size_t i, n = tr ? ll_trace_count(tr) : 0, *order = NULL;
    int brc;

    memset(tl, 0, sizeof *tl);
    tl->real = real;
    if ((tl->build = ll_calloc(1, sizeof *tl->build)) == NULL)
        return LL_ENOMEM;
    if (real && n > 0) {
        if ((order = ll_malloc(n * sizeof *order)) == NULL)
            return LL_ENOMEM;
        for (i = 0; i < n; i++)
            order[i] = i;
        tl_sort_trace = tr;     /* qsort has no context argument */
        qsort(order, n, sizeof *order, tl_cmp_rt);
    }
    brc = tl_fold(tr, tl, real, order, n);
    ll_free(order);
    return brc;
}

static int
tl_fold(const ll_trace *tr, ll_timeline *tl, bool real, const size_t *order,
        size_t n)
{
    size_t i;
    double t0 = 0;

    /* Real time starts at the first event (rt counts from the trace's
     * creation, before the script even loaded). */
    if (real && n > 0)
        t0 = ll_trace_get(tr, order[0])->rt;
    for (i = 0; i < n; i++) {
        ll_event ev = *ll_trace_get(tr, order ? order[i] : i);
        const ll_event *e = &ev;
        ll_tl_task *k;
        int rc = LL_OK;

        if (real)
            ev.t = ev.rt - t0;
        if (e->t > tl->tend)
            tl->tend = e->t;
        if (e->kind == LL_EV_OUTPUT) {
            ll_tl_output *p;
            if (tl_grow(&tl->out, &tl->build->out_cap, tl->nout, sizeof *p)
                != LL_OK)
                return LL_ENOMEM;
            p = tl->out;
            p[tl->nout].t = e->t;
            p[tl->nout].text = ll_strdup(e->what);
            if (p[tl->nout].text == NULL)
                return LL_ENOMEM;
            tl->nout++;
            continue;
        }
        if (e->kind == LL_EV_LOCK_WAIT || e->kind == LL_EV_LOCK_ACQUIRE ||
            e->kind == LL_EV_LOCK_RELEASE) {
            if (tl_lock_event(tl, e) != LL_OK)
                return LL_ENOMEM;
            continue;
        }
        if (e->kind == LL_EV_QUEUE_PUT || e->kind == LL_EV_QUEUE_GET) {
            if (tl_queue_event(tl, e) != LL_OK)
                return LL_ENOMEM;
            continue;
        }
        if ((e->kind == LL_EV_GIL_WAIT || e->kind == LL_EV_GIL_HOLD ||
             e->kind == LL_EV_GIL_DROP) && e->worker >= 0 &&
            tl_gil_event(tl, e) != LL_OK)
            return LL_ENOMEM;
        if (e->kind == LL_EV_JOB_SUBMIT)
            continue;           /* the submitter's row shows its own wait */
        if ((e->kind == LL_EV_DONE || e->kind == LL_EV_ERROR ||
             e->kind == LL_EV_CANCEL) && tl->nobjs > 0 &&
            tl_task_gone(tl, e) != LL_OK)
            return LL_ENOMEM;
        if ((e->task == 0 && e->worker < 0) || e->kind == LL_EV_WARN ||
            e->kind == LL_EV_IO_BEGIN || e->kind == LL_EV_IO_END)
            continue;
        if (e->task == 0) {
            /* A pool worker's own events (thread or process): a row per
             * worker, beside the tasks. */
            char wn[32];
            snprintf(wn, sizeof wn, "worker %d", (int)e->worker);
            k = tl_task(tl, LL_TL_WORKER_ID(e->worker), wn, e->t);
        } else {
            k = tl_task(tl, e->task, e->label ? e->label : e->name, e->t);
        }
        if (k == NULL)
            return LL_ENOMEM;
        if (k->endkind != LL_TL_LIVE)
            continue;
        switch (e->kind) {
        case LL_EV_SPAWN:
        case LL_EV_READY:
            rc = tl_open(k, e->t, LL_TL_READY, 0);
            break;
        case LL_EV_RUN:
            rc = tl_open(k, e->t, LL_TL_RUN, 0);
            break;
        case LL_EV_BLOCK:
            rc = tl_open(k, e->t, LL_TL_BLOCK, 0);
            break;
        case LL_EV_SUSPEND:
            rc = tl_open(k, e->t, LL_TL_WAIT,
                         e->what[0] ? tl_reason(tl, e->what) : '?');
            break;
        /* Pool workers: a job runs; under the simulated GIL a thread runs
         * only while it holds it, waits for it, or has let it go around
         * a blocking call. */
        case LL_EV_JOB_START:
        case LL_EV_GIL_HOLD:
            rc = tl_open(k, e->t, LL_TL_RUN, 0);
            break;
        case LL_EV_JOB_END:
            rc = tl_open(k, e->t, LL_TL_IDLE, 0);
            break;
        case LL_EV_GIL_WAIT:
            rc = tl_open(k, e->t, LL_TL_WAIT, tl_reason(tl, "GIL"));
            break;
        case LL_EV_GIL_DROP:
            rc = tl_open(k, e->t, LL_TL_WAIT, tl_reason(tl, "released GIL"));
            break;
        case LL_EV_DONE:
        case LL_EV_ERROR:
        case LL_EV_CANCEL:
            if (k->nsegs > 0)
                k->segs[k->nsegs - 1].t1 = e->t;
            k->end = e->t;
            k->endkind = e->kind == LL_EV_DONE ? LL_TL_DONE
                       : e->kind == LL_EV_ERROR ? LL_TL_ERROR : LL_TL_CANCEL;
            break;
        default:
            break;
        }
        if (rc != LL_OK)
            return rc;
    }
    /* Tasks still open at the end stay open until tend. */
    for (i = 0; i < tl->ntasks; i++) {
        ll_tl_task *k = &tl->tasks[i];
        if (k->endkind == LL_TL_LIVE && k->nsegs > 0)
            k->segs[k->nsegs - 1].t1 = tl->tend;
    }
    return LL_OK;
}

void
ll_timeline_close(ll_timeline *tl)
{
    size_t i;

    for (i = 0; i < tl->ntasks; i++) {
        ll_free(tl->tasks[i].name);
        ll_free(tl->tasks[i].segs);
    }
    for (i = 0; i < tl->nout; i++)
        ll_free(tl->out[i].text);
    for (i = 0; i < tl->nobjs; i++)
        ll_free(tl->objs[i].st);
    ll_free(tl->objs);
    ll_free(tl->tasks);
    ll_free(tl->out);
    if (tl->build != NULL) {
        ll__tl_ix_free(&tl->build->tasks);
        ll__tl_ix_free(&tl->build->objs);
        ll__tl_ix_free(&tl->build->waiters_ix);
        ll_free(tl->build->waiters);
        ll_free(tl->build);
    }
    memset(tl, 0, sizeof *tl);
}

int
ll_timeline_rows(const ll_timeline *tl)
{
    return (int)tl->ntasks + 2;
}

/* {==== drawing ====} */

/* A "nice" tick step (1, 2, 5 x 10^k) giving at least mincols columns
 * between ticks. */
static double
tl_tick(double dt, int mincols)
{
    double raw = dt * mincols, p = pow(10, floor(log10(raw)));

    if (raw <= p)
        return p;
    if (raw <= 2 * p)
        return 2 * p;
    if (raw <= 5 * p)
        return 5 * p;
    return 10 * p;
}

/* The state shown for [a, b): *state is the rank of the winner (-1 when
 * nothing), *letter the reason letter of a wait starting in the slice.
 * Columns come left to right and segments in time order, so *from moves
 * past segments no later slice can hit and the scan stops at the first
 * segment after the slice: a row costs its segments plus its columns
 * (every column rescanned every segment before). */
static void
tl_cell(const ll_tl_task *k, double a, double b, double now, int *state,
        char *letter, size_t *from)
{
    size_t i;
    int best = -1;

    *letter = 0;
    while (*from < k->nsegs) {
        const ll_tl_seg *g = &k->segs[*from];
        double t1 = g->t1 < now ? g->t1 : now;
        if (g->t0 == t1 ? g->t0 >= a : t1 > a)
            break;
        ++*from;
    }
    for (i = *from; i < k->nsegs; i++) {
        const ll_tl_seg *g = &k->segs[i];
        double t1 = g->t1 < now ? g->t1 : now;
        int rank;
        bool hit;
        if (g->t0 > now || g->t0 >= b)
            break;
        /* Zero-length steps hit the slice holding their instant. */
        hit = g->t0 == t1 ? (g->t0 >= a && g->t0 < b) : (g->t0 < b && t1 > a);
        if (!hit)
            continue;
        if (g->state == LL_TL_IDLE)
            continue;
        rank = g->state == LL_TL_RUN ? 5 : g->state == LL_TL_BLOCK ? 4
             : g->state == LL_TL_WAIT ? (g->t0 >= a ? 3 : 2) : 1;
        if (g->state == LL_TL_WAIT && g->t0 >= a)
            *letter = g->reason;
        if (rank > best)
            best = rank;
    }
    *state = best;
}

int
ll_timeline_draw(const ll_timeline *tl, double now, ll_screen *s, int x,
                 int y, int w, int h, bool ascii)
{
    return ll_timeline_draw_from(tl, 0, now, s, x, y, w, h, ascii);
}

void
ll_timeline_census(const ll_timeline *tl, double now, ll_tl_census *c)
{
    size_t i, j;

    memset(c, 0, sizeof *c);
    for (i = 0; i < tl->ntasks; i++) {
        const ll_tl_task *k = &tl->tasks[i];
        const ll_tl_seg *cur = NULL;
        if (k->spawn > now)
            continue;
        if (k->endkind != LL_TL_LIVE && k->end <= now) {
            c->done++;
            continue;
        }
        /* The last segment begun by now is the state at now. */
        for (j = 0; j < k->nsegs && k->segs[j].t0 <= now; j++)
            cur = &k->segs[j];
        if (cur == NULL)
            continue;
        switch (cur->state) {
        case LL_TL_RUN:   c->running++; break;
        case LL_TL_BLOCK: c->blocking++; break;
        case LL_TL_READY: c->ready++; break;
        case LL_TL_IDLE:  break;
        default: {
            size_t r;
            c->waiting++;
            for (r = 0; r < tl->nreasons; r++)
                if (tl->reasons[r][0] == cur->reason && r < 32)
                    c->by_reason[r]++;
            break;
        }
        }
    }
}

int
ll_timeline_draw_from(const ll_timeline *tl, size_t first, double now,
                      ll_screen *s, int x, int y, int w, int h, bool ascii)
{
    const ll_style run = LL_STYLE(LL_ATTR_BOLD, LL_ROLE_ACCENT);
    const ll_style wait = LL_STYLE(0, LL_ROLE_WARN);
    const ll_style dim = LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE);
    int namew = 4, cols, rows, r, c, shown;
    double span, dt, tick;
    size_t i;

    for (i = 0; i < tl->ntasks; i++) {
        int nw = ll_utf8_width(tl->tasks[i].name, strlen(tl->tasks[i].name));
        if (nw > namew)
            namew = nw;
    }
    if (namew > 14)
        namew = 14;
    cols = w - namew - 2 - 2;     /* name, space + edge, two spare cells */
    if (cols < 4 || h < 3)
        return 0;
    span = tl->tend > 0 ? tl->tend : 1.0;
    dt = span / (cols - 1);       /* the last column holds t == tend */
    rows = h - 2;
    if (first > tl->ntasks)
        first = tl->ntasks;
    shown = (int)(tl->ntasks - first) <= rows ? (int)(tl->ntasks - first)
                                              : rows - 1;
    for (r = 0; r < shown; r++) {
        const ll_tl_task *k = &tl->tasks[first + (size_t)r];
        int cx = x + namew + 2;
        ll_screen_putn(s, x, y + r, k->name, strlen(k->name), namew,
                       LL_STYLE(LL_ATTR_BOLD, LL_ROLE_NONE));
        ll_screen_put(s, cx - 1, y + r, ascii ? "|" : "│", dim);
        char pending = 0;
        size_t from = 0;
        for (c = 0; c < cols; c++) {
            double a = c * dt - dt / 2, b = a + dt;
            int st;
            char letter, buf[2] = { 0, 0 };
            if (a > now)
                break;
            tl_cell(k, a, b, now, &st, &letter, &from);
            /* A wait that starts where the task ran shows its reason in
             * the next cell, so both the step and the letter stay seen. */
            if (st == 5 && letter) {
                pending = letter;
                letter = 0;
            } else if (st >= 2 && st <= 3 && pending) {
                letter = pending;
                pending = 0;
            } else {
                pending = 0;
            }
            if (letter) {
                buf[0] = letter;
                ll_screen_put(s, cx + c, y + r, buf,
                              LL_STYLE(LL_ATTR_BOLD, LL_ROLE_WARN));
            } else if (st == 5) {
                ll_screen_put(s, cx + c, y + r, ascii ? "#" : "█", run);
            } else if (st == 4) {
                ll_screen_put(s, cx + c, y + r, ascii ? "!" : "▓",
                              LL_STYLE(LL_ATTR_BOLD, LL_ROLE_FAIL));
            } else if (st >= 2) {
                ll_screen_put(s, cx + c, y + r, ascii ? "-" : "─", wait);
            } else if (st == 1) {
                ll_screen_put(s, cx + c, y + r, ascii ? "." : "·", dim);
            }
        }
        if (pending && c == cols && (k->endkind == LL_TL_LIVE ||
                                     k->end > now)) {
            /* A wait starting at the very end: its letter in the spare
             * cell, or it would be lost. */
            char buf[2] = { pending, 0 };
            ll_screen_put(s, cx + c, y + r, buf,
                          LL_STYLE(LL_ATTR_BOLD, LL_ROLE_WARN));
        }
        if (k->endkind != LL_TL_LIVE && k->end <= now) {
            int ec = (int)floor(k->end / dt + 0.5) + 1;
            /* cancelled is its own ending, not an error: ⊘, not ✗ */
            bool ok = k->endkind == LL_TL_DONE;
            bool cancelled = k->endkind == LL_TL_CANCEL;
            ll_screen_put(s, cx + ec, y + r,
                          ok ? (ascii ? "*" : "✓")
                          : cancelled ? (ascii ? "/" : "⊘")
                                      : (ascii ? "X" : "✗"),
                          LL_STYLE(LL_ATTR_BOLD,
                                   ok ? LL_ROLE_OK
                                   : cancelled ? LL_ROLE_WARN : LL_ROLE_FAIL));
        }
    }
    if (first + (size_t)shown < tl->ntasks) {
        ll_screen_printf(s, x, y + r, dim, "%s %zu more row%s (j/k scroll)",
                         ascii ? "..." : "…",
                         tl->ntasks - first - (size_t)shown,
                         tl->ntasks - first - (size_t)shown == 1 ? "" : "s");
        r++;
    }
    /* Axis: a rule with ticks, labels under the ticks, a mark at "now". */
    {
        int ay = y + r, cx = x + namew + 2, last = -100;
        int nowc = (int)floor((now < span ? now : span) / dt + 0.5);
        tick = tl_tick(dt, 8);
        ll_screen_putn(s, x, ay, "time", 4, namew, dim);
        for (c = 0; c < cols; c++)
            ll_screen_put(s, cx + c, ay, ascii ? "-" : "─", dim);
        for (double t = 0; t <= span + dt / 2; t += tick) {
            char lab[24];
            int tc = (int)floor(t / dt + 0.5), lw;
            if (tc >= cols)
                break;
            ll_screen_put(s, cx + tc, ay, ascii ? "+" : "┴", dim);
            snprintf(lab, sizeof lab, "%gs", t);
            lw = (int)strlen(lab);
            if (tc > last && cx + tc + lw <= x + w)
                ll_screen_put(s, cx + tc, ay + 1, lab, dim);
            last = tc + lw;
        }
        if (now < tl->tend || tl->tend == 0)
            ll_screen_put(s, cx + nowc, ay, ascii ? "^" : "▲",
                          LL_STYLE(LL_ATTR_BOLD, LL_ROLE_ACCENT));
        r += 2;
    }
    return r;
}

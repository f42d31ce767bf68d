/* SPDX-License-Identifier: MIT
 * engine/trace.h -- the structured event stream of a run.
 *
 * Every task / worker event goes into one append-only array with virtual and
 * real timestamps. Consumers: the timeline view, grader checks (vtime,
 * maxconc, order, leaks) and the JSON-lines export. The Python harness writes
 * the same schema (one JSON object per line):
 *
 *   {"t": 1.5, "rt": 0.000123, "ev": "suspend", "task": 2,
 *    "name": "fetch", "what": "sleep"}
 *
 * t  = virtual (loop clock) seconds, rt = real seconds since the trace began,
 * ev = event kind name below, task = task id (0 = the loop itself),
 * name = task name (on spawn; repeated on every event for readers' ease),
 * what = reason / tag / message (suspend reason, io tag, error text...).
 *
 * Owned by one thread (the loop's). Strings are copied into the trace.
 */
#ifndef LL_TRACE_H
#define LL_TRACE_H

#include "base.h"
#include <stdio.h>

#define LL_EV_MAP(XX)                                                   \
    XX(SPAWN,    "spawn")    /* task created; what = parent task name */ \
    XX(RUN,      "run")      /* a step of the task starts */             \
    XX(SUSPEND,  "suspend")  /* the step ended waiting; what = reason */ \
    XX(READY,    "ready")    /* woken, queued to run */                  \
    XX(DONE,     "done")     /* finished with a result */                \
    XX(ERROR,    "error")    /* finished with an error; what = message */\
    XX(CANCEL,   "cancel")   /* finished cancelled */                    \
    XX(IO_BEGIN, "io_begin") /* lab operation starts; what = tag */      \
    XX(IO_END,   "io_end")   /* lab operation ends; what = tag */        \
    XX(BLOCK,    "block")    /* a blocking call stalled the loop */      \
    XX(OUTPUT,   "output")   /* a line printed; what = the text */       \
    XX(WARN,     "warn")     /* diagnostic; what = message */            \
    XX(LOCK_WAIT,    "lock_wait")    /* what = lock name (Lock-1) */     \
    XX(LOCK_ACQUIRE, "lock_acquire") /* what = lock name */              \
    XX(LOCK_RELEASE, "lock_release") /* what = lock name */              \
    XX(QUEUE_PUT,    "queue_put")    /* what = "Queue-1 size=N" */       \
    XX(QUEUE_GET,    "queue_get")    /* what = "Queue-1 size=N" */       \
    XX(JOB_SUBMIT, "job_submit") /* pool job queued; name = job */      \
    XX(JOB_START,  "job_start")  /* a worker starts it; worker = id */  \
    XX(JOB_END,    "job_end")    /* it finished; what = ok/error/... */ \
    XX(GIL_WAIT,   "gil_wait")   /* worker waits for the GIL */         \
    XX(GIL_HOLD,   "gil_hold")   /* worker holds the GIL from now */    \
    XX(GIL_DROP,   "gil_drop")   /* worker let the GIL go */

typedef enum ll_ev_kind {
#define XX(name, str) LL_EV_##name,
    LL_EV_MAP(XX)
#undef XX
    LL_EV__COUNT
} ll_ev_kind;

typedef struct ll_event {
    double      t;       /* virtual seconds */
    double      rt;      /* real seconds since the trace started */
    ll_ev_kind  kind;
    uint32_t    task;    /* task id, 0 = loop */
    int32_t     worker;  /* pool worker id, -1 when none */
    const char *name;    /* task name (owned by the trace), never NULL */
    const char *what;    /* detail (owned by the trace), never NULL */
    const char *label;   /* how to show the task, or NULL: "fetch('a')"
                            from the Python harness (name stays the task's
                            name, which checks match) */
} ll_event;

typedef struct ll_trace ll_trace;

/* New empty trace. LL_OK or LL_ENOMEM; *out NULL on failure. */
int  ll_trace_new(ll_trace **out);
void ll_trace_free(ll_trace *tr);

/* Append an event; name/what may be NULL (stored as ""). Strings are copied
 * (interned). LL_OK or LL_ENOMEM. rt is computed from the trace's start. */
int ll_trace_add(ll_trace *tr, double t, ll_ev_kind kind, uint32_t task,
                 int32_t worker, const char *name, const char *what);

/* Same, for an event that happened at mono_ns (ll_mono_ns()) on another
 * thread or process and is recorded later by the trace's owner. */
int ll_trace_add_at(ll_trace *tr, double t, int64_t mono_ns, ll_ev_kind kind,
                    uint32_t task, int32_t worker, const char *name,
                    const char *what);

/* Give the last event a display label (copied; NULL: none). LL_OK,
 * LL_ENOMEM, LL_EINVAL on an empty trace. */
int ll_trace_label_last(ll_trace *tr, const char *label);

size_t          ll_trace_count(const ll_trace *tr);
const ll_event *ll_trace_get(const ll_trace *tr, size_t i);

const char *ll_ev_name(ll_ev_kind k);            /* "spawn"... */
int         ll_ev_parse(const char *s, ll_ev_kind *out);  /* LL_EINVAL if unknown */

/* Write as JSON lines. LL_OK or LL_EIO. */
int ll_trace_write_jsonl(const ll_trace *tr, FILE *f);
/* Parse JSON lines (a file written by us or by the Python harness).
 * Unknown "ev" lines are skipped. On a malformed line returns LL_ESYNTAX and
 * sets *errline (1-based) when errline is non-NULL. */
int ll_trace_read_jsonl(ll_trace *tr, const char *text, int *errline);

#endif /* LL_TRACE_H */

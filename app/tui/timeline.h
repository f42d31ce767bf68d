/* SPDX-License-Identifier: MIT
 * app/tui/timeline.h -- a trace folded into per-task segments, and drawn.
 *
 * ll_timeline_build walks an ll_trace once and gives each task (id != 0),
 * and each pool worker with events of its own (task 0, worker >= 0), a
 * list of segments: running, ready (queued), waiting (with the suspend
 * reason) or blocking the loop, from spawn to done/error/cancel; plus the
 * printed lines with their virtual times. ll_timeline_draw paints it into a
 * screen rectangle as one row per task on a virtual-time axis, up to a
 * "now" (for playback); the demo view and the --plain printer both use it.
 * Zero-length steps (a task that runs and suspends at the same virtual
 * instant, the common case on the virtual clock) still get one cell.
 */
#ifndef LL_TIMELINE_H
#define LL_TIMELINE_H

#include "engine/trace.h"
#include "screen.h"

typedef enum ll_tl_state {
    LL_TL_READY, LL_TL_RUN, LL_TL_WAIT, LL_TL_BLOCK,
    LL_TL_IDLE      /* a pool worker between jobs: drawn blank */
} ll_tl_state;

typedef struct ll_tl_seg {
    double  t0, t1;      /* virtual seconds; t1 == t0 for a zero-length step */
    uint8_t state;       /* ll_tl_state */
    char    reason;      /* WAIT: first letter of the suspend reason */
} ll_tl_seg;

typedef enum ll_tl_end { LL_TL_LIVE, LL_TL_DONE, LL_TL_ERROR, LL_TL_CANCEL }
    ll_tl_end;

typedef struct ll_tl_task {
    uint32_t   id;
    char      *name;
    double     spawn, end;   /* end valid when endkind != LIVE */
    uint8_t    endkind;      /* ll_tl_end */
    ll_tl_seg *segs;
    size_t     nsegs, segcap;
} ll_tl_task;

/* Row id of pool worker w's own events (task id 0, worker >= 0). */
#define LL_TL_WORKER_ID(w) (0x80000000u | (uint32_t)(w))

typedef struct ll_tl_output {
    double t;
    char  *text;
} ll_tl_output;

/* A lock (or semaphore) or a queue as the trace saw it: one state per
 * change (lock_wait/acquire/release, queue_put/get events). */
typedef struct ll_tl_objstate {
    double   t;
    int32_t  value;        /* lock: holders; queue: items in it */
    int32_t  waiting;      /* lock: tasks waiting to acquire */
    uint32_t holder[3];    /* lock: the first holders' task ids (0: none) */
} ll_tl_objstate;

typedef struct ll_tl_obj {
    char            name[32];   /* "Lock-1", "Queue-2" */
    bool            queue;
    int32_t         maxvalue;   /* queue: the most items it held */
    ll_tl_objstate *st;
    size_t          nst, stcap;
    /* while building: who holds and who waits */
    uint32_t        held[16], waits[16];
    size_t          nheld, nwaits;
} ll_tl_obj;

typedef struct ll_timeline {
    ll_tl_task   *tasks;     /* in spawn order */
    size_t        ntasks;
    ll_tl_output *out;
    size_t        nout;
    double        tend;      /* time of the last event */
    char          reasons[32][24]; /* "s sleep" legend entries; letters
                                      are unique within a run */
    ll_tl_obj    *objs;      /* locks and queues, in first-seen order */
    size_t        nobjs;
    bool          real;      /* times are real seconds (rt), not virtual */
    size_t        nreasons;
    struct tl_build *build;  /* timeline.c's indexes (tasks by id, objects
                                by name) and capacities; freed by close */
} ll_timeline;

/* Fold tr into *tl (zeroed first; ll_timeline_close it even on error).
 * LL_OK / LL_ENOMEM. */
int  ll_timeline_build(const ll_trace *tr, ll_timeline *tl);
/* The same on either clock: real = true folds by each event's real time
 * (rt), which is what shows threads and processes (pool workers burn real
 * CPU while the loop's virtual clock stands still). */
int  ll_timeline_build_clock(const ll_trace *tr, ll_timeline *tl, bool real);
/* Which clock shows the run: virtual, unless nothing happens on it (all
 * events at t = 0) while real time passes. */
bool ll_timeline_prefers_real(const ll_trace *tr);
void ll_timeline_close(ll_timeline *tl);

/* Paint the timeline into (x, y, w, h) of s, showing what happened up to
 * virtual time `now` (use tl->tend for the whole run). Rows: one per task
 * (name, then cells), then the axis and its labels. ascii selects # - . !
 * glyphs instead of block and line characters. Returns rows used. */
int  ll_timeline_draw(const ll_timeline *tl, double now, ll_screen *s,
                      int x, int y, int w, int h, bool ascii);
/* The same, starting at task row `first` (the demo view scrolls rows). */
int  ll_timeline_draw_from(const ll_timeline *tl, size_t first, double now,
                           ll_screen *s, int x, int y, int w, int h,
                           bool ascii);

/* Where every task stands at virtual time `now`. */
typedef struct ll_tl_census {
    int running, ready, waiting, blocking, done;
    int by_reason[32];       /* waiting, per tl->reasons entry */
} ll_tl_census;
void ll_timeline_census(const ll_timeline *tl, double now, ll_tl_census *c);

/* The state of o at virtual time now (NULL before its first event). */
const ll_tl_objstate *ll_timeline_obj_at(const ll_tl_obj *o, double now);
/* The name of task (or worker row) id, "?" when unknown. */
const char *ll_timeline_task_name(const ll_timeline *tl, uint32_t id);

/* Rows ll_timeline_draw needs for every task (tasks + 2 axis rows). */
int  ll_timeline_rows(const ll_timeline *tl);

#endif /* LL_TIMELINE_H */

/* SPDX-License-Identifier: MIT
 * engine/threads/threads.h -- the threads runtime as its users see it: the
 * threads module's files (threads_int.h), threads_sync.c and aio's bridge
 * (engine/aio/aio_pool.c). Not for use outside engine/threads and engine/aio.
 *
 * One runtime per interpreter: the main state that required `threads`
 * owns it (the "owner" thread) and every worker state points back at it.
 * It holds the simulated GIL, the list of live pools (owner thread only),
 * a completion counter the owner sleeps on, and a locked queue of events
 * that worker threads produce (job start/end, GIL, print) and the owner
 * later copies into its trace and output. Worker threads never touch the
 * owner's lua_State: jobs cross as serialised blobs (serial.h).
 */
#ifndef LL_LUA_THREADS_H
#define LL_LUA_THREADS_H

#include <lua.h>
#include <pthread.h>
#include <stdatomic.h>

#include "engine/base.h"
#include "engine/gil.h"
#include "engine/list.h"
#include "engine/pool.h"
#include "engine/trace.h"

typedef struct thr_rt thr_rt;

/* The per-state view: owner (worker == 0) or a worker thread's state. */
typedef struct thr_self {
    thr_rt     *rt;
    int         worker;     /* worker id, 0 on the owner */
    bool        uses_gil;   /* this worker runs under the GIL */
    bool        holding;    /* it holds the GIL right now */
    struct thr_pool *pool;  /* the worker's pool (NULL on the owner) */
    long        instr;      /* instructions of the current job */
    long        max_instr;  /* per-job budget, 0 = none */
} thr_self;

/* Push threads-runtime self for L (creating the owner runtime on first
 * use). Never NULL; raises on OOM. */
thr_self *ll__thr_self(lua_State *L);

/* Blocking calls made by Lua code: release the GIL around the wait. */
void ll__thr_block_begin(thr_self *s);
void ll__thr_block_end(thr_self *s);

/* Owner thread: run finished jobs' done callbacks and copy worker events
 * into the trace; wait up to timeout_s (< 0 = forever, 0 = don't) when
 * nothing finished. Returns true if something finished. */
bool ll__thr_pump(lua_State *L, double timeout_s);

/* A wake-up hook called on every completion, from the worker thread and
 * under the runtime's lock (so it must be quick and must not call back into
 * the runtime; an eventfd write). aio_pool.c sets it to ring the loop's
 * doorbell; NULL clears it, after which it is never called again. */
void ll__thr_set_wakeup(lua_State *L, void (*fn)(void *), void *ud);

/* Monotonic seconds, for timeouts. */
double ll__thr_now(void);

/* Register the synchronisation classes (threads_sync.c) into the module
 * table on top of the stack. */
void ll__thr_sync_open(lua_State *L);


#endif /* LL_LUA_THREADS_H */

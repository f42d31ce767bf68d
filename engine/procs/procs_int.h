/* SPDX-License-Identifier: MIT
 * engine/procs/procs_int.h -- what the files of the `procs` module share.
 * Internal to engine/procs (aio_pool.c uses the pool pump).
 *
 *   mod_procs.c     Process, the module functions, child output, start
 *                   methods
 *   procs_child.c   what runs in a pool's worker process (and a spawned
 *                   Process's fresh state)
 *   procs_pool.c    Pool / ProcessPoolExecutor objects, their jobs and
 *                   Futures (futures.h hooks), shutdown and friends
 *   procs_map.c     submit, map, starmap, imap: packing items into jobs
 *                   and reading their results back in order
 *   procs_shm.c     Lock, Value, Array, Queue, Pipe
 *
 * The wire format of a job (request and reply) is written in procs_map.c
 * and procs_pool.c and read in procs_child.c; its layout is described at
 * pr_child_job.
 */
#ifndef LL_LUA_PROCS_INT_H
#define LL_LUA_PROCS_INT_H

#include <lua.h>
#include <string.h>

#include "engine/base.h"
#include "engine/lua/futures.h"
#include "engine/proc.h"

#define PR_POOL_MT   "looplab.procs.Pool"
#define PR_FUTURE_MT "looplab.procs.Future"

enum { SM_FORK, SM_SPAWN };

typedef struct pr_pool {
    ll_procpool *pp;
    int          start;        /* SM_FORK / SM_SPAWN */
    lua_State   *L;            /* fork: the state the children go on in */
    int          env_ref;      /* fork: _ENV for functions loaded there */
    uint64_t     epoch;
    ll_buf       init;         /* initializer blob: fn, args... */
    bool         executor;     /* ProcessPoolExecutor flavour */
    bool         closed;       /* no more work (close/shutdown) */
    lua_State   *pump_L;
    uint32_t     next_job;
    int          nworkers;
    uint64_t     tasks;        /* items submitted */
    long         max_instr;
    size_t       mem_limit;
    char         name[32];
} pr_pool;

typedef struct pr_job {
    fut_job         f;         /* state, Future, callbacks, name */
    ll_procpool_job j;
    pr_pool        *pool;      /* NULL once the pool is gone */
    char           *broken;    /* the pool broke under it */
    int             nitems;
} pr_job;

/* Reading the wire format: bounds-checked, host byte order (both ends are
 * the same machine). */
typedef struct pr_reader {
    const char *p, *end;
} pr_reader;

static inline bool
pr_take(pr_reader *r, void *dst, size_t n)
{
    if ((size_t)(r->end - r->p) < n)
        return false;
    memcpy(dst, r->p, n);
    r->p += n;
    return true;
}

static inline void
pr_buf_u32(ll_buf *b, uint32_t v)
{
    ll_buf_add(b, (const char *)&v, sizeof v);
}

/* Creation counter shared by every procs object: a pool forked at seq S
 * cannot be sent objects made after S (they do not exist in its workers;
 * serial.h's epoch check). */
uint64_t ll__procs_next_seq(void);
uint64_t ll__procs_current_seq(void);

/* Register Lock, Value, Array, Queue, Pipe into the table on top. */
void ll__procs_shm_open(lua_State *L);

/* mod_procs.c */

/* Children's text (print output) into the owner's output and trace, as
 * worker `pid`; empties text. */
void ll__procs_emit_text(lua_State *L, ll_buf *text, int pid);
/* SM_FORK/SM_SPAWN named by the string at idx, or the default when idx
 * <= 0 or nil; raises on an unknown name. */
int  ll__procs_start_method(lua_State *L, int idx);
/* Push the _ENV of the Lua function that called us (the script's globals),
 * or a fresh sandbox env. */
void ll__procs_push_caller_env(lua_State *L);

/* procs_child.c -- in a child process */

/* A fresh sandboxed state for spawn children, print() to stdout. */
lua_State *ll__procs_fresh_state(long max_instr, size_t mem_limit);
/* Fork children keep the parent's state: make print() go to stdout only. */
void ll__procs_child_quiet(lua_State *L);
/* A pool worker's main (ll_procpool_new's child function; ud: pr_pool). */
int  ll__procs_pool_child_main(void *ud, int in_fd, int out_fd);

/* procs_pool.c */

extern const fut_class ll__procs_future_class;
/* The pool of the Pool/ProcessPoolExecutor at idx; raises if closed. */
pr_pool *ll__procs_check_pool(lua_State *L, int idx);
/* Send, collect (waiting up to timeout s, < 0 = forever), run done
 * callbacks, emit children's output. Returns what ll_procpool_poll does. */
int  ll__procs_pump(lua_State *L, pr_pool *pool, double timeout);
/* ll_procpool_job.done for pool jobs. */
void ll__procs_job_done(ll_procpool_job *pj, int status);
void ll__procs_job_free(pr_job *j);
/* Create the Future and Pool classes; put Pool and ProcessPoolExecutor
 * into the module table on top. */
void ll__procs_pool_open(lua_State *L);

/* procs_map.c: Pool methods */

int ll__procs_pool_submit(lua_State *L);
int ll__procs_pool_map(lua_State *L);
int ll__procs_pool_starmap(lua_State *L);
int ll__procs_pool_imap(lua_State *L);
int ll__procs_pool_imap_unordered(lua_State *L);

/* For aio_pool.c: is the value at idx a procs Pool/ProcessPoolExecutor?
 * Then the fds to watch while its jobs run (children's result and output
 * pipes; at most max), and a non-blocking pump that collects what is ready
 * and runs done callbacks (on the calling, loop, thread). */
bool ll__procs_is_pool(lua_State *L, int idx);
int  ll__procs_pool_fds(lua_State *L, int idx, int *fds, int max);
void ll__procs_pool_pump(lua_State *L, int idx);


#endif /* LL_LUA_PROCS_INT_H */

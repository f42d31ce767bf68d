/* SPDX-License-Identifier: MIT
 * engine/threads/threads_sync.h -- the objects threads can share, as seen by
 * threads_sync.c (the object core: refcounts, classes, sending; Lock,
 * RLock, Condition, Semaphore, Event, Barrier) and threads_shared.c
 * (Value, Dict, List, local). Internal to those two files.
 *
 * Each object is a refcounted C struct starting with a sync_obj; a Lua
 * userdata (sync_ud) holds one reference, and so does every serialised
 * handle in flight to a worker. Any thread may use an object; its fields
 * are guarded by its own mutex.
 */
#ifndef LL_LUA_THREADS_SYNC_H
#define LL_LUA_THREADS_SYNC_H

#include "threads.h"

#include <lauxlib.h>

enum sync_kind {
    K_LOCK, K_COND, K_SEM, K_EVENT, K_BARRIER, K_VALUE, K_DICT, K_LIST,
    K_LOCAL, K__COUNT
};

typedef struct sync_obj {
    atomic_int      refs;
    enum sync_kind  kind;
    uint64_t        seq;         /* creation order; also local's key */
    pthread_mutex_t mu;
    pthread_cond_t  cv;
} sync_obj;

typedef struct sync_ud {
    sync_obj *o;
} sync_ud;

/* How a kind looks from Lua, and how it is finalised. */
typedef struct sync_class {
    const luaL_Reg *methods;     /* NULL: none */
    lua_CFunction   index;       /* NULL: __index is the methods table */
    lua_CFunction   newindex;    /* may be NULL */
    lua_CFunction   len;         /* may be NULL */
    void          (*fini)(sync_obj *o);   /* before it is freed, or NULL */
} sync_class;

/* threads_sync.c */

/* A new object of kind with one reference (size: its whole struct,
 * zeroed). Raises on OOM. */
sync_obj *ll__thr_sync_new(lua_State *L, enum sync_kind kind, size_t size);
/* Push a userdata holding o (it takes over one reference). */
void      ll__thr_sync_push(lua_State *L, sync_obj *o);
/* The object at idx, which must be of kind and not closed (raises). */
sync_obj *ll__thr_sync_check(lua_State *L, int idx, enum sync_kind kind);

/* threads_shared.c */

extern const sync_class ll__thr_shared_value, ll__thr_shared_dict,
                        ll__thr_shared_list, ll__thr_shared_local;
/* Put Value, Dict, List, Local and local into the table on top. */
void ll__thr_shared_open(lua_State *L);

#endif /* LL_LUA_THREADS_SYNC_H */

/* SPDX-License-Identifier: MIT
 * engine/procs/procs_shm.c -- procs.Lock, Value, Array, Queue, Pipe.
 *
 * Lock/Value/Array live in MAP_SHARED anonymous memory with a
 * process-shared robust mutex, so a forked child sees the same bytes (and
 * a child killed while holding the lock does not hang the rest: the next
 * locker gets EOWNERDEAD and repairs it). Queue is a pipe with a reader and
 * a writer lock in shared memory; Pipe is a socketpair. Messages are
 * serialised values (serial.h) in frames (proc.h). All of them reach a
 * child through inheritance only, as in multiprocessing: they cross as
 * handles that are valid in forked children, and a pool refuses ones made
 * after its workers were forked.
 */
#include "procs_int.h"

#include <errno.h>
#include <lauxlib.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "engine/clock.h"
#include "engine/lua/host.h"
#include "engine/proc.h"
#include "engine/lua/serial.h"

enum pobj_kind { P_LOCK, P_VALUE, P_ARRAY, P_QUEUE, P_CONN, P__COUNT };

static const char *const pobj_mt[P__COUNT] = {
    "looplab.procs.Lock", "looplab.procs.Value", "looplab.procs.Array",
    "looplab.procs.Queue", "looplab.procs.Connection"
};

typedef union pslot {
    int64_t i;
    double  d;
} pslot;

typedef struct pshared {
    pthread_mutex_t mu;       /* Lock / Value / Array lock; Queue: readers */
    pthread_mutex_t wmu;      /* Queue: writers */
    pslot           data[];
} pshared;

typedef struct pobj {
    atomic_int     refs;
    enum pobj_kind kind;
    uint64_t       seq;
    pshared       *sh;
    size_t         shlen;
    bool           is_float;
    bool           with_lock; /* Value/Array: lock=true */
    size_t         n;         /* Array length */
    int            rfd, wfd;  /* Queue: pipe; Conn: socket in rfd */
} pobj;

typedef struct pobj_ud {
    pobj *o;
} pobj_ud;

static atomic_ullong procs_seq = 1;

uint64_t
ll__procs_next_seq(void)
{
    return atomic_fetch_add(&procs_seq, 1);
}

uint64_t
ll__procs_current_seq(void)
{
    return atomic_load(&procs_seq);
}

/* {==== objects */

static void
pobj_release(void *p)
{
    pobj *o = p;
    if (atomic_fetch_sub(&o->refs, 1) != 1)
        return;
    if (o->sh != NULL)
        munmap(o->sh, o->shlen);
    if (o->rfd >= 0)
        close(o->rfd);
    if (o->wfd >= 0)
        close(o->wfd);
    ll_free(o);
}

static void
pmutex_init(pthread_mutex_t *mu, bool recursive)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    if (recursive)
        pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(mu, &a);
    pthread_mutexattr_destroy(&a);
}

/* Returns false on timeout / would-block. */
static bool
pmutex_lock(pthread_mutex_t *mu, bool blocking, double timeout)
{
    int rc;
    if (!blocking) {
        rc = pthread_mutex_trylock(mu);
    } else if (timeout < 0) {
        rc = pthread_mutex_lock(mu);
    } else {
        struct timespec ts;
        ll_clock_realtime_in(&ts, ll_clock_s2ns(timeout));
        rc = pthread_mutex_timedlock(mu, &ts);
    }
    if (rc == EOWNERDEAD) {
        /* its holder died: the data may be half-updated, the lock is fine */
        pthread_mutex_consistent(mu);
        rc = 0;
    }
    return rc == 0;
}

static pobj *
pobj_new(lua_State *L, enum pobj_kind kind, size_t nslots)
{
    pobj *o = ll_calloc(1, sizeof *o);
    if (o == NULL)
        luaL_error(L, "procs: out of memory");
    atomic_init(&o->refs, 1);
    o->kind = kind;
    o->seq = ll__procs_next_seq();
    o->rfd = o->wfd = -1;
    if (kind != P_CONN) {
        o->shlen = sizeof(pshared) + nslots * sizeof(pslot);
        o->sh = mmap(NULL, o->shlen, PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (o->sh == MAP_FAILED) {
            ll_free(o);
            luaL_error(L, "procs: cannot map shared memory: %s",
                       strerror(errno));
        }
        memset(o->sh, 0, o->shlen);
        /* Value/Array locks are recursive (an RLock, as multiprocessing
         * uses), so v:with(function() v.value = v.value + 1 end) works. */
        pmutex_init(&o->sh->mu, kind == P_VALUE || kind == P_ARRAY);
        pmutex_init(&o->sh->wmu, false);
    }
    return o;
}

static void pobj_push_meta(lua_State *L, enum pobj_kind kind);

static void
pobj_push(lua_State *L, void *h)
{
    pobj *o = h;
    pobj_ud *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->o = o;
    pobj_push_meta(L, o->kind);
    lua_setmetatable(L, -2);
}

static void *
pobj_retain(lua_State *L, int idx)
{
    pobj_ud *u = lua_touserdata(L, idx);
    if (u == NULL || u->o == NULL)
        return NULL;
    atomic_fetch_add(&u->o->refs, 1);
    return u->o;
}

static uint64_t
pobj_seq(void *h)
{
    return ((pobj *)h)->seq;
}

static const ll_serial_class pobj_classes[P__COUNT] = {
#define C(n) { n, true, pobj_retain, pobj_seq, pobj_push, pobj_release }
    C("procs.Lock"), C("procs.Value"), C("procs.Array"), C("procs.Queue"),
    C("procs.Connection")
#undef C
};

static pobj *
pobj_check(lua_State *L, int idx, enum pobj_kind kind)
{
    pobj_ud *u = luaL_checkudata(L, idx, pobj_mt[kind]);
    if (u->o == NULL)
        luaL_argerror(L, idx, "object is closed");
    return u->o;
}

/* Value, Array and Lock all lock the same way. */
static pobj *
pobj_check_lockable(lua_State *L, int idx)
{
    pobj_ud *u = lua_touserdata(L, idx);
    if (u != NULL && u->o != NULL && lua_getmetatable(L, idx)) {
        int k;
        for (k = P_LOCK; k <= P_ARRAY; k++) {
            luaL_getmetatable(L, pobj_mt[k]);
            if (lua_rawequal(L, -1, -2)) {
                lua_pop(L, 2);
                return u->o;
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    luaL_argerror(L, idx, "expected a procs Lock, Value or Array");
    return NULL;
}

static int
l_pobj_gc(lua_State *L)
{
    pobj_ud *u = lua_touserdata(L, 1);
    if (u != NULL && u->o != NULL)
        pobj_release(u->o);
    if (u != NULL)
        u->o = NULL;
    return 0;
}

/* }==== */

/* {==== Lock (and the lock of Value/Array) */

static int
l_plock_new(lua_State *L)
{
    pobj_push(L, pobj_new(L, P_LOCK, 0));
    return 1;
}

static int
l_plock_acquire(lua_State *L)
{
    pobj *o = pobj_check_lockable(L, 1);
    bool blocking = true;
    double timeout = -1;
    if (lua_istable(L, 2)) {
        if (lua_getfield(L, 2, "blocking") != LUA_TNIL)
            blocking = lua_toboolean(L, -1);
        if (lua_getfield(L, 2, "timeout") != LUA_TNIL)
            timeout = luaL_checknumber(L, -1);
    } else if (lua_type(L, 2) == LUA_TNUMBER) {
        timeout = lua_tonumber(L, 2);
    } else if (!lua_isnoneornil(L, 2)) {
        blocking = lua_toboolean(L, 2);
    }
    lua_pushboolean(L, pmutex_lock(&o->sh->mu, blocking, timeout));
    return 1;
}

static int
l_plock_release(lua_State *L)
{
    pobj *o = pobj_check_lockable(L, 1);
    if (pthread_mutex_unlock(&o->sh->mu) != 0)
        return luaL_error(L, "RuntimeError: release of a lock not held by "
                             "this process");
    return 0;
}

static int
l_plock_with(lua_State *L)
{
    pobj *o = pobj_check_lockable(L, 1);
    int st, n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    pmutex_lock(&o->sh->mu, true, -1);
    st = lua_pcall(L, n - 2, LUA_MULTRET, 0);
    pthread_mutex_unlock(&o->sh->mu);
    if (st != LUA_OK)
        return lua_error(L);
    return lua_gettop(L) - 1;
}

static int
l_pget_lock(lua_State *L)
{
    pobj_check_lockable(L, 1);
    lua_settop(L, 1);
    return 1;         /* the object is its own lock */
}

/* }==== */

/* {==== Value, Array */

static bool
ptype(lua_State *L, int idx)
{
    const char *t = luaL_checkstring(L, idx);
    if (strchr("ilqbhIL", t[0]) != NULL && t[1] == '\0')
        return false;
    if (strchr("df", t[0]) != NULL && t[1] == '\0')
        return true;
    luaL_argerror(L, idx, "typecode must be 'i' (integer) or 'd' (float)");
    return false;
}

static void
pslot_push(lua_State *L, const pobj *o, size_t i)
{
    if (o->is_float)
        lua_pushnumber(L, o->sh->data[i].d);
    else
        lua_pushinteger(L, (lua_Integer)o->sh->data[i].i);
}

static void
pslot_set(lua_State *L, pobj *o, size_t i, int idx)
{
    if (o->is_float) {
        o->sh->data[i].d = luaL_checknumber(L, idx);
    } else {
        lua_Number d = luaL_checknumber(L, idx);
        lua_Integer v = 0;
        if (!lua_numbertointeger(d, &v))
            luaL_error(L, "TypeError: an integer is required (typecode 'i'), "
                          "got %f", d);
        o->sh->data[i].i = (int64_t)v;
    }
}

/* With lock=true (the default), each access takes the lock, like
 * multiprocessing's synchronized wrapper; `v.value = v.value + 1` is still
 * two accesses and still races. */
static void
plock_maybe(pobj *o, bool on)
{
    if (!o->with_lock)
        return;
    if (on)
        pmutex_lock(&o->sh->mu, true, -1);
    else
        pthread_mutex_unlock(&o->sh->mu);
}

static bool
popt_lock(lua_State *L, int idx)
{
    bool lock = true;
    if (lua_istable(L, idx)) {
        if (lua_getfield(L, idx, "lock") != LUA_TNIL)
            lock = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    return lock;
}

static int
l_pvalue_new(lua_State *L)
{
    bool is_float = ptype(L, 1);
    pobj *o = pobj_new(L, P_VALUE, 1);
    o->is_float = is_float;
    o->with_lock = popt_lock(L, 3);
    o->n = 1;
    pobj_push(L, o);
    if (!lua_isnoneornil(L, 2))
        pslot_set(L, o, 0, 2);
    return 1;
}

static int
l_pvalue_index(lua_State *L)
{
    pobj *o = pobj_check(L, 1, P_VALUE);
    const char *k = luaL_checkstring(L, 2);
    if (strcmp(k, "value") == 0) {
        plock_maybe(o, true);
        pslot_push(L, o, 0);
        plock_maybe(o, false);
        return 1;
    }
    return ll_lua_method(L, 1, k);
}

static int
l_pvalue_newindex(lua_State *L)
{
    pobj *o = pobj_check(L, 1, P_VALUE);
    const char *k = luaL_checkstring(L, 2);
    if (strcmp(k, "value") != 0)
        return luaL_error(L, "Value has no field '%s' (use .value)", k);
    luaL_checknumber(L, 3);
    plock_maybe(o, true);
    pslot_set(L, o, 0, 3);
    plock_maybe(o, false);
    return 0;
}

static int
l_parray_new(lua_State *L)
{
    bool is_float = ptype(L, 1);
    size_t n, i;
    pobj *o;
    if (lua_istable(L, 2))
        n = (size_t)lua_rawlen(L, 2);
    else
        n = (size_t)luaL_checkinteger(L, 2);
    if (n > (1u << 24))
        return luaL_error(L, "Array: at most 16M elements");
    o = pobj_new(L, P_ARRAY, n);
    o->is_float = is_float;
    o->with_lock = popt_lock(L, 3);
    o->n = n;
    pobj_push(L, o);
    if (lua_istable(L, 2))
        for (i = 0; i < n; i++) {
            lua_rawgeti(L, 2, (lua_Integer)i + 1);
            pslot_set(L, o, i, -1);
            lua_pop(L, 1);
        }
    return 1;
}

static size_t
parray_index(lua_State *L, pobj *o, int idx)
{
    lua_Integer i = luaL_checkinteger(L, idx);
    if (i < 1 || (size_t)i > o->n)
        luaL_error(L, "IndexError: array index %d out of range 1..%d", (int)i,
                   (int)o->n);
    return (size_t)i - 1;
}

static int
l_parray_index(lua_State *L)
{
    pobj *o = pobj_check(L, 1, P_ARRAY);
    if (lua_type(L, 2) == LUA_TSTRING) {
        return ll_lua_method(L, 1, lua_tostring(L, 2));
    }
    {
        size_t i = parray_index(L, o, 2);
        plock_maybe(o, true);
        pslot_push(L, o, i);
        plock_maybe(o, false);
    }
    return 1;
}

static int
l_parray_newindex(lua_State *L)
{
    pobj *o = pobj_check(L, 1, P_ARRAY);
    size_t i = parray_index(L, o, 2);
    luaL_checknumber(L, 3);
    plock_maybe(o, true);
    pslot_set(L, o, i, 3);
    plock_maybe(o, false);
    return 0;
}

static int
l_parray_len(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)pobj_check(L, 1, P_ARRAY)->n);
    return 1;
}

static int
l_parray_totable(lua_State *L)
{
    pobj *o = pobj_check(L, 1, P_ARRAY);
    size_t i;
    lua_createtable(L, (int)o->n, 0);
    plock_maybe(o, true);
    for (i = 0; i < o->n; i++) {
        pslot_push(L, o, i);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    plock_maybe(o, false);
    return 1;
}

/* }==== */

/* {==== Queue, Pipe: serialised messages in frames */

static void
pmsg_dump(lua_State *L, int idx, ll_buf *b, const char *target)
{
    ll_serial_opts so = { .cross_process = true, .target = target,
                          .plain = true };
    char *err = NULL;
    ll_buf_init(b);
    if (ll_serial_dump(L, idx, 1, "obj", &so, b, &err) != LL_OK) {
        lua_pushstring(L, err ? err : "out of memory");
        ll_free(err);
        ll_buf_close(b);
        lua_error(L);
    }
}

static void
pmsg_load(lua_State *L, ll_buf *b)
{
    int nv = 0;
    char *err = NULL;
    if (ll_serial_load(L, b->data, b->len, 0, &nv, &err) != LL_OK || nv != 1) {
        ll_buf_close(b);
        lua_pushfstring(L, "procs: malformed message (%s)", err ? err : "?");
        ll_free(err);
        lua_error(L);
    }
    ll_buf_close(b);
}

/* poll for readability; false on timeout */
static bool
pwait_readable(int fd, double timeout)
{
    struct pollfd pf = { fd, POLLIN, 0 };
    int ms = timeout < 0 ? -1 : (int)(timeout * 1000 + 0.999);
    int rc;
    do
        rc = poll(&pf, 1, ms);
    while (rc < 0 && errno == EINTR);
    return rc > 0;
}

static int
l_pqueue_new(lua_State *L)
{
    int fds[2];
    pobj *o = pobj_new(L, P_QUEUE, 0);
    if (pipe(fds) != 0) {
        pobj_release(o);
        return luaL_error(L, "procs.Queue: pipe: %s", strerror(errno));
    }
    o->rfd = fds[0];
    o->wfd = fds[1];
    pobj_push(L, o);
    return 1;
}

static int
l_pqueue_put(lua_State *L)
{
    pobj *o = pobj_check(L, 1, P_QUEUE);
    ll_buf b;
    int rc;
    luaL_checkany(L, 2);
    pmsg_dump(L, 2, &b, "a queue");
    /* One writer at a time: frames bigger than PIPE_BUF would interleave. */
    pmutex_lock(&o->sh->wmu, true, -1);
    rc = ll_proc_write_frame(o->wfd, 0, b.data, b.len);
    pthread_mutex_unlock(&o->sh->wmu);
    ll_buf_close(&b);
    if (rc != LL_OK)
        return luaL_error(L, "procs.Queue: the pipe is closed");
    return 0;
}

/* q:get([timeout]) -> value, or nil, msg, "EEMPTY" on timeout */
static int
l_pqueue_get(lua_State *L)
{
    pobj *o = pobj_check(L, 1, P_QUEUE);
    double timeout = luaL_optnumber(L, 2, -1);
    int64_t t0 = ll_mono_ns();
    ll_buf b;
    uint32_t tag;
    int rc;

    if (!pmutex_lock(&o->sh->mu, true, timeout))
        goto empty;
    if (timeout >= 0) {
        timeout -= (double)(ll_mono_ns() - t0) / 1e9;
        if (timeout < 0)
            timeout = 0;
    }
    if (!pwait_readable(o->rfd, timeout)) {
        pthread_mutex_unlock(&o->sh->mu);
        goto empty;
    }
    ll_buf_init(&b);
    rc = ll_proc_read_frame(o->rfd, &tag, &b);
    pthread_mutex_unlock(&o->sh->mu);
    if (rc != LL_OK) {
        ll_buf_close(&b);
        return luaL_error(L, "procs.Queue: the pipe is closed");
    }
    pmsg_load(L, &b);
    return 1;
empty:
    lua_pushnil(L);
    lua_pushliteral(L, "queue.Empty: no item arrived in time");
    lua_pushliteral(L, "EEMPTY");
    return 3;
}

static int
l_pqueue_empty(lua_State *L)
{
    pobj *o = pobj_check(L, 1, P_QUEUE);
    lua_pushboolean(L, !pwait_readable(o->rfd, 0));
    return 1;
}

static int
l_pipe_new(lua_State *L)
{
    int sv[2];
    pobj *a, *b;
    bool duplex = lua_isnoneornil(L, 1) || lua_toboolean(L, 1);
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
        return luaL_error(L, "procs.Pipe: socketpair: %s", strerror(errno));
    if (!duplex) {
        shutdown(sv[0], SHUT_WR);   /* conn1 receives, conn2 sends */
        shutdown(sv[1], SHUT_RD);
    }
    a = pobj_new(L, P_CONN, 0);
    a->rfd = sv[0];
    b = pobj_new(L, P_CONN, 0);
    b->rfd = sv[1];
    pobj_push(L, a);
    pobj_push(L, b);
    return 2;
}

static int
l_conn_send(lua_State *L)
{
    pobj *o = pobj_check(L, 1, P_CONN);
    ll_buf b;
    int rc;
    luaL_checkany(L, 2);
    if (o->rfd < 0)
        return luaL_error(L, "OSError: the connection is closed");
    pmsg_dump(L, 2, &b, "a pipe");
    rc = ll_proc_write_frame(o->rfd, 0, b.data, b.len);
    ll_buf_close(&b);
    if (rc != LL_OK)
        return luaL_error(L, "BrokenPipeError: the other end is closed");
    return 0;
}

static int
l_conn_recv(lua_State *L)
{
    pobj *o = pobj_check(L, 1, P_CONN);
    ll_buf b;
    uint32_t tag;
    int rc;
    if (o->rfd < 0)
        return luaL_error(L, "OSError: the connection is closed");
    ll_buf_init(&b);
    rc = ll_proc_read_frame(o->rfd, &tag, &b);
    if (rc != LL_OK) {
        ll_buf_close(&b);
        return luaL_error(L, "EOFError: the other end of the pipe is closed");
    }
    pmsg_load(L, &b);
    return 1;
}

static int
l_conn_poll(lua_State *L)
{
    pobj *o = pobj_check(L, 1, P_CONN);
    lua_pushboolean(L, o->rfd >= 0 &&
                       pwait_readable(o->rfd, luaL_optnumber(L, 2, 0)));
    return 1;
}

static int
l_conn_close(lua_State *L)
{
    pobj_ud *u = luaL_checkudata(L, 1, pobj_mt[P_CONN]);
    if (u->o != NULL && u->o->rfd >= 0) {
        close(u->o->rfd);
        u->o->rfd = -1;
    }
    return 0;
}

static int
l_pqueue_close(lua_State *L)
{
    pobj_ud *u = luaL_checkudata(L, 1, pobj_mt[P_QUEUE]);
    if (u->o != NULL) {
        if (u->o->wfd >= 0)
            close(u->o->wfd);
        u->o->wfd = -1;
    }
    return 0;
}

/* }==== */

static void
pobj_push_meta(lua_State *L, enum pobj_kind kind)
{
    static const luaL_Reg lock_m[] = {
        {"acquire", l_plock_acquire}, {"release", l_plock_release},
        {"with", l_plock_with}, {"get_lock", l_pget_lock}, {NULL, NULL}
    };
    static const luaL_Reg array_m[] = {
        {"acquire", l_plock_acquire}, {"release", l_plock_release},
        {"with", l_plock_with}, {"get_lock", l_pget_lock},
        {"totable", l_parray_totable}, {NULL, NULL}
    };
    static const luaL_Reg queue_m[] = {
        {"put", l_pqueue_put}, {"get", l_pqueue_get},
        {"empty", l_pqueue_empty}, {"close", l_pqueue_close}, {NULL, NULL}
    };
    static const luaL_Reg conn_m[] = {
        {"send", l_conn_send}, {"recv", l_conn_recv}, {"poll", l_conn_poll},
        {"close", l_conn_close}, {NULL, NULL}
    };
    static const luaL_Reg *const methods[P__COUNT] = {
        lock_m, lock_m, array_m, queue_m, conn_m
    };

    if (!luaL_newmetatable(L, pobj_mt[kind]))
        return;
    lua_pushcfunction(L, l_pobj_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushlightuserdata(L, (void *)&pobj_classes[kind]);
    lua_setfield(L, -2, "__ll_send");
    lua_newtable(L);
    luaL_setfuncs(L, methods[kind], 0);
    lua_setfield(L, -2, "methods");
    if (kind == P_VALUE) {
        lua_pushcfunction(L, l_pvalue_index);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, l_pvalue_newindex);
        lua_setfield(L, -2, "__newindex");
    } else if (kind == P_ARRAY) {
        lua_pushcfunction(L, l_parray_index);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, l_parray_newindex);
        lua_setfield(L, -2, "__newindex");
        lua_pushcfunction(L, l_parray_len);
        lua_setfield(L, -2, "__len");
    } else {
        lua_getfield(L, -1, "methods");
        lua_setfield(L, -2, "__index");
    }
}

void
ll__procs_shm_open(lua_State *L)
{
    static const luaL_Reg ctors[] = {
        {"Lock", l_plock_new}, {"Value", l_pvalue_new},
        {"Array", l_parray_new}, {"Queue", l_pqueue_new},
        {"Pipe", l_pipe_new}, {NULL, NULL}
    };
    int k;
    for (k = 0; k < P__COUNT; k++) {
        pobj_push_meta(L, (enum pobj_kind)k);
        lua_pop(L, 1);
    }
    luaL_setfuncs(L, ctors, 0);
}

/* SPDX-License-Identifier: MIT
 * engine/threads/threads_shared.c -- threads.Value, Dict, List and local: data
 * that worker threads share.
 *
 * They make races visible on purpose: every single call is atomic, but
 * `v:set(v:get() + 1)` is a read, a switch point, and a write, so
 * concurrent increments get lost unless a Lock is held. Dict and List
 * hold serialised values (each state loads its own copy); local is one
 * table per state, keyed by the object's creation number. Apart from the
 * locks in threads_sync.c because they are data, not synchronisation.
 */
#include "threads_sync.h"

#include <stdlib.h>
#include <string.h>

#include "engine/lua/host.h"
#include "engine/lua/serial.h"

typedef struct sync_value {
    sync_obj    h;
    bool        is_int;
    lua_Integer i;
    lua_Number  d;
} sync_value;

typedef struct sync_item {
    char   *key;          /* "s<string>" or "i<integer>" */
    ll_buf  val;          /* serialised value */
} sync_item;

typedef struct sync_coll {
    sync_obj   h;
    sync_item *items;
    size_t     n, cap;
} sync_coll;

static void
coll_fini(sync_obj *o)
{
    sync_coll *c = (sync_coll *)o;
    size_t i;
    for (i = 0; i < c->n; i++) {
        ll_free(c->items[i].key);
        ll_buf_close(&c->items[i].val);
    }
    ll_free(c->items);
}

/* {==== Value */

static int
l_value_new(lua_State *L)
{
    sync_value *v;
    if (!lua_isnoneornil(L, 1))
        luaL_checknumber(L, 1);
    v = (sync_value *)ll__thr_sync_new(L, K_VALUE, sizeof *v);
    v->is_int = lua_isnoneornil(L, 1) || lua_isinteger(L, 1);
    v->i = lua_isinteger(L, 1) ? lua_tointeger(L, 1) : 0;
    v->d = lua_isnoneornil(L, 1) ? 0 : lua_tonumber(L, 1);
    ll__thr_sync_push(L, &v->h);
    return 1;
}

static void
value_push_locked(lua_State *L, sync_value *v)
{
    if (v->is_int)
        lua_pushinteger(L, v->i);
    else
        lua_pushnumber(L, v->d);
}

static int
l_value_get(lua_State *L)
{
    sync_value *v = (sync_value *)ll__thr_sync_check(L, 1, K_VALUE);
    pthread_mutex_lock(&v->h.mu);
    value_push_locked(L, v);
    pthread_mutex_unlock(&v->h.mu);
    return 1;
}

static int
l_value_set(lua_State *L)
{
    sync_value *v = (sync_value *)ll__thr_sync_check(L, 1, K_VALUE);
    luaL_checknumber(L, 2);
    pthread_mutex_lock(&v->h.mu);
    v->is_int = lua_isinteger(L, 2);
    v->i = lua_isinteger(L, 2) ? lua_tointeger(L, 2) : 0;
    v->d = lua_tonumber(L, 2);
    pthread_mutex_unlock(&v->h.mu);
    return 0;
}

/* Atomic add: never loses an update. Returns the new value. */
static int
l_value_add(lua_State *L)
{
    sync_value *v = (sync_value *)ll__thr_sync_check(L, 1, K_VALUE);
    luaL_checknumber(L, 2);
    pthread_mutex_lock(&v->h.mu);
    if (v->is_int && lua_isinteger(L, 2)) {
        v->i = (lua_Integer)((lua_Unsigned)v->i + (lua_Unsigned)lua_tointeger(L, 2));
        v->d = (lua_Number)v->i;
    } else {
        v->d = (v->is_int ? (lua_Number)v->i : v->d) + lua_tonumber(L, 2);
        v->is_int = false;
    }
    value_push_locked(L, v);
    pthread_mutex_unlock(&v->h.mu);
    return 1;
}

static int
l_value_index(lua_State *L)
{
    const char *k = luaL_checkstring(L, 2);
    if (strcmp(k, "value") == 0) {
        lua_settop(L, 1);
        return l_value_get(L);
    }
    return ll_lua_method(L, 1, k);
}

static int
l_value_newindex(lua_State *L)
{
    const char *k = luaL_checkstring(L, 2);
    if (strcmp(k, "value") != 0)
        return luaL_error(L, "Value has no field '%s' (use .value)", k);
    lua_remove(L, 2);
    return l_value_set(L);
}

/* }==== */

/* {==== Dict, List */

static char *
coll_key(lua_State *L, int idx)
{
    char *k = NULL;
    if (lua_isinteger(L, idx))
        k = ll_asprintf("i%lld", (long long)lua_tointeger(L, idx));
    else if (lua_type(L, idx) == LUA_TSTRING)
        k = ll_asprintf("s%s", lua_tostring(L, idx));
    else
        luaL_argerror(L, idx, "shared Dict keys are strings or integers");
    if (k == NULL)
        luaL_error(L, "threads: out of memory");
    return k;
}

static void
coll_push_key(lua_State *L, const char *k)
{
    if (k[0] == 'i')
        lua_pushinteger(L, strtoll(k + 1, NULL, 10));
    else
        lua_pushstring(L, k + 1);
}

static void
coll_dump(lua_State *L, int idx, ll_buf *b, const char *root)
{
    ll_serial_opts so = { .target = "a shared collection", .plain = true };
    char *err = NULL;
    ll_buf_init(b);
    if (ll_serial_dump(L, idx, 1, root, &so, b, &err) != LL_OK) {
        lua_pushstring(L, err ? err : "out of memory");
        ll_free(err);
        ll_buf_close(b);
        lua_error(L);
    }
}

static void
coll_load(lua_State *L, const ll_buf *b)
{
    int nv;
    if (ll_serial_load(L, b->data, b->len, 0, &nv, NULL) != LL_OK || nv != 1)
        lua_pushnil(L);
}

static long
coll_find(sync_coll *c, const char *key)
{
    size_t i;
    for (i = 0; i < c->n; i++)
        if (strcmp(c->items[i].key, key) == 0)
            return (long)i;
    return -1;
}

/* Append (key may be NULL for lists); mu held. */
static bool
coll_append(sync_coll *c, char *key, ll_buf *val)
{
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 16;
        sync_item *n = ll_realloc(c->items, nc * sizeof *n);
        if (n == NULL)
            return false;
        c->items = n;
        c->cap = nc;
    }
    c->items[c->n].key = key;
    c->items[c->n].val = *val;
    c->n++;
    return true;
}

static int
l_dict_new(lua_State *L)
{
    sync_coll *c = (sync_coll *)ll__thr_sync_new(L, K_DICT, sizeof *c);
    ll__thr_sync_push(L, &c->h);
    return 1;
}

static int
l_dict_get(lua_State *L)
{
    sync_coll *c = (sync_coll *)ll__thr_sync_check(L, 1, K_DICT);
    char *key = coll_key(L, 2);
    long i;
    pthread_mutex_lock(&c->h.mu);
    i = coll_find(c, key);
    if (i >= 0)
        coll_load(L, &c->items[i].val);
    pthread_mutex_unlock(&c->h.mu);
    ll_free(key);
    if (i < 0)
        lua_pushvalue(L, 3);   /* default (nil when absent) */
    return 1;
}

static int
l_dict_set(lua_State *L)
{
    sync_coll *c = (sync_coll *)ll__thr_sync_check(L, 1, K_DICT);
    ll_buf b;
    char *key;
    long i;
    luaL_checkany(L, 3);
    coll_dump(L, 3, &b, "value");
    key = coll_key(L, 2);
    pthread_mutex_lock(&c->h.mu);
    i = coll_find(c, key);
    if (lua_isnil(L, 3)) {
        if (i >= 0) {
            ll_free(c->items[i].key);
            ll_buf_close(&c->items[i].val);
            c->items[i] = c->items[--c->n];
        }
        ll_free(key);
        ll_buf_close(&b);
    } else if (i >= 0) {
        ll_buf_close(&c->items[i].val);
        c->items[i].val = b;
        ll_free(key);
    } else if (!coll_append(c, key, &b)) {
        pthread_mutex_unlock(&c->h.mu);
        ll_free(key);
        ll_buf_close(&b);
        return luaL_error(L, "threads: out of memory");
    }
    pthread_mutex_unlock(&c->h.mu);
    return 0;
}

/* d:incr(key, n=1): atomic add on a numeric entry (absent = 0). */
static int
l_dict_incr(lua_State *L)
{
    sync_coll *c = (sync_coll *)ll__thr_sync_check(L, 1, K_DICT);
    char *key;
    long i;
    ll_buf b;
    int top;

    luaL_optnumber(L, 3, 1);
    lua_settop(L, 3);
    top = lua_gettop(L);
    key = coll_key(L, 2);
    pthread_mutex_lock(&c->h.mu);
    i = coll_find(c, key);
    if (i >= 0) {
        coll_load(L, &c->items[i].val);
        if (!lua_isnumber(L, -1)) {
            pthread_mutex_unlock(&c->h.mu);
            ll_free(key);
            return luaL_error(L, "Dict:incr: the value is not a number");
        }
    } else {
        lua_pushinteger(L, 0);
    }
    lua_pushvalue(L, 3);
    if (lua_isnoneornil(L, -1)) {
        lua_pop(L, 1);
        lua_pushinteger(L, 1);
    }
    lua_arith(L, LUA_OPADD);
    {
        ll_serial_opts so = { .target = "a shared collection", .plain = true };
        ll_buf_init(&b);
        ll_serial_dump(L, -1, 1, "value", &so, &b, NULL);
    }
    if (i >= 0) {
        ll_buf_close(&c->items[i].val);
        c->items[i].val = b;
        ll_free(key);
    } else if (!coll_append(c, key, &b)) {
        ll_free(key);
        ll_buf_close(&b);
    }
    pthread_mutex_unlock(&c->h.mu);
    lua_replace(L, top + 1);
    lua_settop(L, top + 1);
    return 1;
}

/* Dict or List at 1 (len and items serve both). */
static sync_coll *
coll_check(lua_State *L)
{
    sync_ud *u = lua_touserdata(L, 1);
    if (u == NULL || u->o == NULL ||
        (u->o->kind != K_DICT && u->o->kind != K_LIST))
        luaL_argerror(L, 1, "expected a shared Dict or List");
    return (sync_coll *)u->o;
}

static int
l_coll_len(lua_State *L)
{
    sync_coll *c = coll_check(L);
    size_t n;
    pthread_mutex_lock(&c->h.mu);
    n = c->n;
    pthread_mutex_unlock(&c->h.mu);
    lua_pushinteger(L, (lua_Integer)n);
    return 1;
}

/* A snapshot copy as a plain table. */
static int
l_coll_items(lua_State *L)
{
    sync_coll *c = coll_check(L);
    size_t i;
    lua_newtable(L);
    pthread_mutex_lock(&c->h.mu);
    for (i = 0; i < c->n; i++) {
        if (c->items[i].key != NULL)
            coll_push_key(L, c->items[i].key);
        else
            lua_pushinteger(L, (lua_Integer)i + 1);
        coll_load(L, &c->items[i].val);
        lua_rawset(L, -3);
    }
    pthread_mutex_unlock(&c->h.mu);
    return 1;
}

static int
l_list_new(lua_State *L)
{
    sync_coll *c = (sync_coll *)ll__thr_sync_new(L, K_LIST, sizeof *c);
    ll__thr_sync_push(L, &c->h);
    return 1;
}

static int
l_list_append(lua_State *L)
{
    sync_coll *c = (sync_coll *)ll__thr_sync_check(L, 1, K_LIST);
    ll_buf b;
    bool ok;
    luaL_checkany(L, 2);
    coll_dump(L, 2, &b, "value");
    pthread_mutex_lock(&c->h.mu);
    ok = coll_append(c, NULL, &b);
    pthread_mutex_unlock(&c->h.mu);
    if (!ok) {
        ll_buf_close(&b);
        return luaL_error(L, "threads: out of memory");
    }
    return 0;
}

static int
l_list_get(lua_State *L)
{
    sync_coll *c = (sync_coll *)ll__thr_sync_check(L, 1, K_LIST);
    lua_Integer i = luaL_checkinteger(L, 2);
    pthread_mutex_lock(&c->h.mu);
    if (i >= 1 && (size_t)i <= c->n)
        coll_load(L, &c->items[i - 1].val);
    else
        lua_pushnil(L);
    pthread_mutex_unlock(&c->h.mu);
    return 1;
}

/* }==== */

/* {==== local: one table per state */

#define SYNC_LOCALS "looplab.threads.locals"

static void
local_table(lua_State *L, int idx)
{
    sync_obj *o = ll__thr_sync_check(L, idx, K_LOCAL);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, SYNC_LOCALS);
    if (lua_rawgeti(L, -1, (lua_Integer)o->seq) == LUA_TNIL) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, (lua_Integer)o->seq);
    }
    lua_remove(L, -2);
}

static int
l_local_new(lua_State *L)
{
    sync_obj *o = ll__thr_sync_new(L, K_LOCAL, sizeof *o);
    ll__thr_sync_push(L, o);
    return 1;
}

static int
l_local_index(lua_State *L)
{
    local_table(L, 1);
    lua_pushvalue(L, 2);
    lua_rawget(L, -2);
    return 1;
}

static int
l_local_newindex(lua_State *L)
{
    local_table(L, 1);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_rawset(L, -3);
    return 0;
}

/* }==== */

static const luaL_Reg value_m[] = {
    {"get", l_value_get}, {"set", l_value_set}, {"add", l_value_add},
    {NULL, NULL}
};
static const luaL_Reg dict_m[] = {
    {"get", l_dict_get}, {"set", l_dict_set}, {"incr", l_dict_incr},
    {"len", l_coll_len}, {"items", l_coll_items}, {NULL, NULL}
};
static const luaL_Reg list_m[] = {
    {"append", l_list_append}, {"get", l_list_get}, {"len", l_coll_len},
    {"items", l_coll_items}, {NULL, NULL}
};

const sync_class ll__thr_shared_value = {
    .methods = value_m, .index = l_value_index, .newindex = l_value_newindex
};
const sync_class ll__thr_shared_dict = {
    .methods = dict_m, .len = l_coll_len, .fini = coll_fini
};
const sync_class ll__thr_shared_list = {
    .methods = list_m, .len = l_coll_len, .fini = coll_fini
};
const sync_class ll__thr_shared_local = {
    .index = l_local_index, .newindex = l_local_newindex
};

void
ll__thr_shared_open(lua_State *L)
{
    static const luaL_Reg ctors[] = {
        {"Value", l_value_new}, {"Dict", l_dict_new}, {"List", l_list_new},
        {"Local", l_local_new},
        {"local", l_local_new},   /* threading.local's name; threads["local"] */
        {NULL, NULL}
    };
    luaL_setfuncs(L, ctors, 0);
}

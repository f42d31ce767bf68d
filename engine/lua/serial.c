/* SPDX-License-Identifier: MIT
 * engine/lua/serial.c -- the value copier behind threads, procs and to_thread.
 *
 * Format (little-endian host order; producer and consumer are the same
 * binary): a u32 count, then tagged values. Tables and functions get ids in
 * the order they are first met, so a second meeting writes a back
 * reference: shared sub-tables stay shared and cycles survive. A table is
 * registered before its contents, a function after its bytecode and before
 * its upvalues, so self-reference works on the way back.
 *
 * Errors keep a path: the dumper appends a segment per level and, when it
 * enters the first function's upvalue, remembers where the function's path
 * ended, so the message can say which function and which upvalue.
 */
#include "serial.h"
#include "host.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

enum {
    S_NIL = 'n', S_FALSE = 'f', S_TRUE = 't', S_INT = 'i', S_NUM = 'd',
    S_STR = 's', S_TABLE = 'T', S_END = 'e', S_REF = 'R', S_FUNC = 'F',
    S_ENV = 'E', S_HANDLE = 'U', S_CFUNC = 'C'
};

#define SERIAL_MAX_DEPTH 200

/* {==== dump */

typedef struct dumper {
    lua_State            *L;
    const ll_serial_opts *o;
    ll_buf               *out;
    ll_buf                path;
    int                   ids;       /* stack index: object -> id */
    uint32_t              nids;
    int                   depth;
    long                  fn_mark;   /* path length of the outer function, -1 */
    const char           *what;      /* failure: what was met ("a userdata") */
    char                 *msg;       /* failure: full message (overrides) */
    bool                  oom;
    /* handles retained so far, released if the dump fails */
    struct { const ll_serial_class *cls; void *h; } *held;
    size_t                nheld, capheld;
} dumper;

static int
dump_bytes(dumper *d, const void *p, size_t n)
{
    if (ll_buf_add(d->out, p, n) != LL_OK) {
        d->oom = true;
        return -1;
    }
    return 0;
}

static int
dump_tag(dumper *d, char tag)
{
    return dump_bytes(d, &tag, 1);
}

static int
dump_u32(dumper *d, uint32_t v)
{
    return dump_bytes(d, &v, sizeof v);
}

static int
dump_writer(lua_State *L, const void *p, size_t sz, void *ud)
{
    (void)L;
    return ll_buf_add(ud, p, sz) == LL_OK ? 0 : 1;
}

static size_t
path_push_key(dumper *d, lua_State *L, int kidx)
{
    size_t mark = d->path.len;
    if (lua_type(L, kidx) == LUA_TNUMBER) {
        if (lua_isinteger(L, kidx))
            ll_buf_printf(&d->path, "[%lld]", (long long)lua_tointeger(L, kidx));
        else
            ll_buf_printf(&d->path, "[%g]", lua_tonumber(L, kidx));
    } else if (lua_type(L, kidx) == LUA_TSTRING) {
        const char *s = lua_tostring(L, kidx);
        const char *c = s;
        bool ident = (*s == '_' || (*s >= 'a' && *s <= 'z') ||
                      (*s >= 'A' && *s <= 'Z'));
        for (; *c && ident; c++)
            ident = (*c == '_' || (*c >= 'a' && *c <= 'z') ||
                     (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9'));
        if (ident)
            ll_buf_printf(&d->path, "%s%s", d->path.len ? "." : "", s);
        else
            ll_buf_printf(&d->path, "[\"%s\"]", s);
    } else {
        ll_buf_printf(&d->path, "[<%s>]", luaL_typename(L, kidx));
    }
    return mark;
}

static void
path_cut(dumper *d, size_t mark)
{
    d->path.len = mark;
    if (d->path.data != NULL)
        d->path.data[mark] = '\0';
}

static int
dump_fail(dumper *d, const char *what)
{
    d->what = what;
    return -1;
}

static int dump_value(dumper *d, int idx);

/* Known object: write a back reference. Else register it and return 0. */
static int
dump_seen(dumper *d, int idx, bool *seen)
{
    lua_State *L = d->L;
    lua_pushvalue(L, idx);
    if (lua_rawget(L, d->ids) == LUA_TNUMBER) {
        uint32_t id = (uint32_t)lua_tointeger(L, -1);
        lua_pop(L, 1);
        *seen = true;
        if (dump_tag(d, S_REF) || dump_u32(d, id))
            return -1;
        return 0;
    }
    lua_pop(L, 1);
    *seen = false;
    lua_pushvalue(L, idx);
    lua_pushinteger(L, d->nids++);
    lua_rawset(L, d->ids);
    return 0;
}

static int
dump_table(dumper *d, int idx)
{
    lua_State *L = d->L;
    bool seen;
    size_t mark;

    if (dump_seen(d, idx, &seen) || seen)
        return seen ? 0 : -1;
    if (dump_tag(d, S_TABLE) || dump_u32(d, d->nids - 1))
        return -1;
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        int k = lua_gettop(L) - 1, v = lua_gettop(L);
        mark = path_push_key(d, L, k);
        if (lua_type(L, k) == LUA_TTABLE || lua_type(L, k) == LUA_TFUNCTION ||
            lua_type(L, k) == LUA_TUSERDATA || lua_type(L, k) == LUA_TTHREAD) {
            /* Keys that are objects are legal but rare; naming them in a
             * path is useless, so only plain keys are allowed. */
            lua_pop(L, 2);
            return dump_fail(d, "a non-scalar table key");
        }
        if (dump_value(d, k) || dump_value(d, v)) {
            lua_pop(L, 2);
            return -1;
        }
        path_cut(d, mark);
        lua_pop(L, 1);
    }
    if (dump_tag(d, S_END))
        return -1;
    if (lua_getmetatable(L, idx)) {
        int rc;
        mark = d->path.len;
        ll_buf_adds(&d->path, "(metatable)");
        rc = dump_value(d, lua_gettop(L));
        lua_pop(L, 1);
        if (rc)
            return -1;
        path_cut(d, mark);
        return 0;
    }
    return dump_tag(d, S_NIL);
}

static int
dump_function(dumper *d, int idx)
{
    lua_State *L = d->L;
    ll_buf code;
    bool seen;
    int i;

    if (lua_iscfunction(L, idx)) {
        /* A light C function (library and module functions: no upvalues)
         * is code of this binary: its address means the same thing in
         * every state of this process and of its forked children. */
        lua_CFunction cf = lua_tocfunction(L, idx);
        if (lua_getupvalue(L, idx, 1) != NULL) {
            lua_pop(L, 1);
            return dump_fail(d, "a C function with upvalues");
        }
        return dump_tag(d, S_CFUNC) || dump_bytes(d, &cf, sizeof cf);
    }
    if (dump_seen(d, idx, &seen) || seen)
        return seen ? 0 : -1;
    ll_buf_init(&code);
    lua_pushvalue(L, idx);
    if (lua_dump(L, dump_writer, &code, 0) != 0) {
        lua_pop(L, 1);
        ll_buf_close(&code);
        d->oom = true;
        return -1;
    }
    lua_pop(L, 1);
    if (dump_tag(d, S_FUNC) || dump_u32(d, d->nids - 1) ||
        dump_u32(d, (uint32_t)code.len) || dump_bytes(d, code.data, code.len)) {
        ll_buf_close(&code);
        return -1;
    }
    ll_buf_close(&code);
    for (i = 1; ; i++) {
        const char *name = lua_getupvalue(L, idx, i);
        size_t mark = d->path.len;
        bool outer = d->fn_mark < 0;
        int rc;
        if (name == NULL)
            break;
        if (strcmp(name, "_ENV") == 0) {
            lua_pop(L, 1);
            if (dump_tag(d, S_ENV))
                return -1;
            continue;
        }
        if (i > 255) {
            lua_pop(L, 1);
            return dump_fail(d, "a function with too many upvalues");
        }
        if (outer) {
            d->fn_mark = (long)mark;
            ll_buf_printf(&d->path, "\x01%s", *name ? name : "?");
        } else {
            ll_buf_printf(&d->path, "(upvalue %s)", *name ? name : "?");
        }
        rc = dump_value(d, lua_gettop(L));
        lua_pop(L, 1);
        if (rc)
            return -1;
        path_cut(d, mark);
        if (outer)
            d->fn_mark = -1;
    }
    return dump_tag(d, S_END);
}

static int
dump_userdata(dumper *d, int idx)
{
    lua_State *L = d->L;
    const ll_serial_class *cls = NULL;
    void *h;

    if (lua_getmetatable(L, idx)) {
        if (lua_getfield(L, -1, "__ll_send") == LUA_TLIGHTUSERDATA)
            cls = lua_touserdata(L, -1);
        lua_pop(L, 2);
    }
    if (cls == NULL || d->o->plain)
        return dump_fail(d, "a userdata");
    if (d->o->cross_process && !cls->process_ok) {
        d->msg = ll_asprintf("%s cannot be sent to %s (it only works between "
                             "threads of one process)", cls->name,
                             d->o->target);
        return -1;
    }
    h = cls->retain(L, idx);
    if (h == NULL) {
        d->msg = ll_asprintf("%s is closed and cannot be sent", cls->name);
        return -1;
    }
    if (d->nheld == d->capheld) {
        size_t nc = d->capheld ? d->capheld * 2 : 8;
        void *n = ll_realloc(d->held, nc * sizeof *d->held);
        if (n == NULL) {
            cls->release(h);
            d->oom = true;
            return -1;
        }
        d->held = n;
        d->capheld = nc;
    }
    d->held[d->nheld].cls = cls;
    d->held[d->nheld].h = h;
    d->nheld++;
    if (d->o->epoch != 0 && cls->seq != NULL && cls->seq(h) >= d->o->epoch) {
        d->msg = ll_asprintf("%s was created after the workers started; "
                             "pass it when creating them instead", cls->name);
        return -1;
    }
    if (dump_tag(d, S_HANDLE) || dump_bytes(d, &cls, sizeof cls) ||
        dump_bytes(d, &h, sizeof h))
        return -1;
    return 0;
}

static int
dump_value(dumper *d, int idx)
{
    lua_State *L = d->L;
    int rc;

    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
        return dump_tag(d, S_NIL);
    case LUA_TBOOLEAN:
        return dump_tag(d, lua_toboolean(L, idx) ? S_TRUE : S_FALSE);
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            lua_Integer v = lua_tointeger(L, idx);
            return dump_tag(d, S_INT) || dump_bytes(d, &v, sizeof v);
        } else {
            lua_Number v = lua_tonumber(L, idx);
            return dump_tag(d, S_NUM) || dump_bytes(d, &v, sizeof v);
        }
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, idx, &len);
        if (len > UINT32_MAX)
            return dump_fail(d, "a string over 4 GiB");
        return dump_tag(d, S_STR) || dump_u32(d, (uint32_t)len) ||
               dump_bytes(d, s, len);
    }
    case LUA_TTABLE:
    case LUA_TFUNCTION:
        if (++d->depth > SERIAL_MAX_DEPTH)
            return dump_fail(d, "a value nested too deeply");
        luaL_checkstack(L, 8, "serialise");
        rc = lua_type(L, idx) == LUA_TTABLE ? dump_table(d, idx)
                                            : dump_function(d, idx);
        d->depth--;
        return rc;
    case LUA_TUSERDATA:
        return dump_userdata(d, idx);
    case LUA_TLIGHTUSERDATA:
        return dump_fail(d, "a light userdata");
    case LUA_TTHREAD:
        return dump_fail(d, "a coroutine");
    default:
        return dump_fail(d, "a value of unknown type");
    }
}

/* Build the failure message from the path and what was found. */
static char *
dump_message(dumper *d)
{
    const char *p = d->path.data ? d->path.data : "";
    const char *target = d->o->target ? d->o->target : "a worker";
    const char *sep = strchr(p, '\x01');
    const char *what = d->what ? d->what : "";
    char *detail = d->msg;
    char *m;

    if (sep != NULL) {
        /* p = "<function path>\x01<upvalue>[rest]" */
        size_t up_len = strcspn(sep + 1, ".[(");
        m = ll_asprintf("%.*s: function with upvalue '%.*s' cannot be sent to "
                        "%s (%s: %s)", (int)(sep - p), p, (int)up_len, sep + 1,
                        target, sep + 1, detail ? detail : what);
    } else if (detail != NULL) {
        m = ll_asprintf("%s: %s", p, detail);
    } else {
        m = ll_asprintf("%s: %s cannot be sent to %s", p, what, target);
    }
    return m;
}

int
ll_serial_dump(lua_State *L, int first, int n, const char *root,
               const ll_serial_opts *o, ll_buf *out, char **err)
{
    static const ll_serial_opts defaults = { .target = "a worker" };
    dumper d;
    int i, top = lua_gettop(L);
    size_t start = out->len;
    bool fmt = root != NULL && strstr(root, "%d") != NULL;

    if (err != NULL)
        *err = NULL;
    memset(&d, 0, sizeof d);
    d.L = L;
    d.o = o ? o : &defaults;
    d.out = out;
    d.fn_mark = -1;
    ll_buf_init(&d.path);
    first = lua_absindex(L, first);
    lua_newtable(L);
    d.ids = lua_gettop(L);
    if (dump_u32(&d, (uint32_t)n) != 0)
        goto failed;
    for (i = 0; i < n; i++) {
        path_cut(&d, 0);
        if (fmt)
            ll_buf_printf(&d.path, root, i + 1);
        else
            ll_buf_adds(&d.path, root ? root : "value");
        if (dump_value(&d, first + i) != 0)
            goto failed;
    }
    lua_settop(L, top);
    ll_buf_close(&d.path);
    ll_free(d.held);
    return LL_OK;

failed:
    lua_settop(L, top);
    for (i = 0; (size_t)i < d.nheld; i++)
        d.held[i].cls->release(d.held[i].h);
    ll_free(d.held);
    out->len = start;
    if (out->data != NULL)
        out->data[start] = '\0';
    if (d.oom) {
        ll_free(d.msg);
        ll_buf_close(&d.path);
        return LL_ENOMEM;
    }
    if (err != NULL)
        *err = dump_message(&d);
    ll_free(d.msg);
    ll_buf_close(&d.path);
    return LL_EINVAL;
}

int
ll_serial_dump_error(lua_State *L, int idx, ll_buf *out)
{
    size_t start = out->len;
    char *err = NULL;
    int rc;

    idx = lua_absindex(L, idx);
    rc = ll_serial_dump(L, idx, 1, "error", NULL, out, &err);
    ll_free(err);
    if (rc != LL_EINVAL)
        return rc;
    out->len = start;
    if (ll_lua_pushsafestring(L, idx, NULL) == NULL)
        return LL_ENOMEM;
    rc = ll_serial_dump(L, -1, 1, "error", NULL, out, NULL);
    lua_pop(L, 1);
    return rc;
}

/* }==== */

/* {==== load (and discard: the same walk with L == NULL) */

typedef struct loader {
    lua_State           *L;       /* NULL: discard mode */
    const unsigned char *p, *end;
    int                  env;
    int                  ids;     /* stack index: id -> object */
    int                  depth;
    bool                 bad;
} loader;

static bool
load_take(loader *r, void *dst, size_t n)
{
    if ((size_t)(r->end - r->p) < n) {
        r->bad = true;
        return false;
    }
    if (dst != NULL)
        memcpy(dst, r->p, n);
    r->p += n;
    return true;
}

static int load_value(loader *r);

static void
load_register(loader *r, uint32_t id)
{
    if (r->L == NULL)
        return;
    lua_pushvalue(r->L, -1);
    lua_rawseti(r->L, r->ids, (lua_Integer)id + 1);
}

static int
load_table(loader *r)
{
    lua_State *L = r->L;
    uint32_t id;
    if (!load_take(r, &id, sizeof id))
        return -1;
    if (L != NULL) {
        lua_newtable(L);
        load_register(r, id);
    }
    for (;;) {
        if (r->p >= r->end) {
            r->bad = true;
            return -1;
        }
        if (*r->p == S_END) {
            r->p++;
            break;
        }
        if (load_value(r) || load_value(r))
            return -1;
        if (L != NULL) {
            if (lua_isnil(L, -2) || (lua_type(L, -2) == LUA_TNUMBER &&
                                     lua_tonumber(L, -2) != lua_tonumber(L, -2))) {
                r->bad = true;
                return -1;
            }
            lua_rawset(L, -3);
        }
    }
    if (load_value(r))                         /* metatable or nil */
        return -1;
    if (L != NULL) {
        if (lua_istable(L, -1))
            lua_setmetatable(L, -2);
        else
            lua_pop(L, 1);
    }
    return 0;
}

static int
load_function(loader *r)
{
    lua_State *L = r->L;
    uint32_t id, len;
    int i;

    if (!load_take(r, &id, sizeof id) || !load_take(r, &len, sizeof len) ||
        (size_t)(r->end - r->p) < len) {
        r->bad = true;
        return -1;
    }
    if (L != NULL) {
        if (luaL_loadbufferx(L, (const char *)r->p, len, "=worker", "b") !=
            LUA_OK) {
            lua_pop(L, 1);
            r->bad = true;
            return -1;
        }
        load_register(r, id);
    }
    r->p += len;
    for (i = 1; ; i++) {
        if (r->p >= r->end) {
            r->bad = true;
            return -1;
        }
        if (*r->p == S_END) {
            r->p++;
            break;
        }
        if (*r->p == S_ENV) {
            r->p++;
            if (L != NULL) {
                if (r->env != 0)
                    lua_pushvalue(L, r->env);
                else
                    lua_pushnil(L);
            }
        } else if (load_value(r)) {
            return -1;
        }
        if (L != NULL && lua_setupvalue(L, -2, i) == NULL) {
            lua_pop(L, 1);
            r->bad = true;
            return -1;
        }
    }
    /* lua_load pointed the first upvalue at the real globals; every
     * upvalue was overwritten above, and a function without upvalues has
     * none to point anywhere. */
    return 0;
}

static int
load_value(loader *r)
{
    lua_State *L = r->L;
    unsigned char tag;
    int rc;

    if (!load_take(r, &tag, 1))
        return -1;
    if (L != NULL && !lua_checkstack(L, 6)) {
        r->bad = true;
        return -1;
    }
    switch (tag) {
    case S_NIL:   if (L) lua_pushnil(L); return 0;
    case S_FALSE: if (L) lua_pushboolean(L, 0); return 0;
    case S_TRUE:  if (L) lua_pushboolean(L, 1); return 0;
    case S_INT: {
        lua_Integer v;
        if (!load_take(r, &v, sizeof v))
            return -1;
        if (L) lua_pushinteger(L, v);
        return 0;
    }
    case S_NUM: {
        lua_Number v;
        if (!load_take(r, &v, sizeof v))
            return -1;
        if (L) lua_pushnumber(L, v);
        return 0;
    }
    case S_STR: {
        uint32_t len;
        if (!load_take(r, &len, sizeof len) || (size_t)(r->end - r->p) < len) {
            r->bad = true;
            return -1;
        }
        if (L) lua_pushlstring(L, (const char *)r->p, len);
        r->p += len;
        return 0;
    }
    case S_REF: {
        uint32_t id;
        if (!load_take(r, &id, sizeof id))
            return -1;
        if (L != NULL && lua_rawgeti(L, r->ids, (lua_Integer)id + 1) == LUA_TNIL) {
            lua_pop(L, 1);
            r->bad = true;
            return -1;
        }
        return 0;
    }
    case S_TABLE:
    case S_FUNC:
        if (++r->depth > SERIAL_MAX_DEPTH + 2) {
            r->bad = true;
            return -1;
        }
        rc = tag == S_TABLE ? load_table(r) : load_function(r);
        r->depth--;
        return rc;
    case S_CFUNC: {
        lua_CFunction cf;
        if (!load_take(r, &cf, sizeof cf))
            return -1;
        if (L) lua_pushcfunction(L, cf);
        return 0;
    }
    case S_HANDLE: {
        const ll_serial_class *cls;
        void *h;
        if (!load_take(r, &cls, sizeof cls) || !load_take(r, &h, sizeof h))
            return -1;
        if (L != NULL)
            cls->push(L, h);
        else
            cls->release(h);
        return 0;
    }
    default:
        r->bad = true;
        return -1;
    }
}

int
ll_serial_load(lua_State *L, const char *data, size_t len, int env_idx,
               int *nvals, char **err)
{
    loader r;
    uint32_t n, i;
    int top = lua_gettop(L);

    *nvals = 0;
    if (err != NULL)
        *err = NULL;
    memset(&r, 0, sizeof r);
    r.L = L;
    r.p = (const unsigned char *)data;
    r.end = r.p + len;
    r.env = env_idx != 0 ? lua_absindex(L, env_idx) : 0;
    if (!load_take(&r, &n, sizeof n))
        goto bad;
    lua_newtable(L);
    r.ids = lua_gettop(L);
    for (i = 0; i < n; i++)
        if (load_value(&r) != 0)
            goto bad;
    lua_remove(L, r.ids);
    *nvals = (int)n;
    return LL_OK;
bad:
    lua_settop(L, top);
    if (err != NULL)
        *err = ll_strdup("malformed value blob");
    return LL_ESYNTAX;
}

void
ll_serial_discard(const char *data, size_t len)
{
    loader r;
    uint32_t n, i;

    memset(&r, 0, sizeof r);
    r.p = (const unsigned char *)data;
    r.end = r.p + len;
    if (data == NULL || !load_take(&r, &n, sizeof n))
        return;
    for (i = 0; i < n; i++)
        if (load_value(&r) != 0)
            return;
}

/* }==== */

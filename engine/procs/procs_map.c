/* SPDX-License-Identifier: MIT
 * engine/procs/procs_map.c -- Pool.submit, map, starmap, imap and
 * imap_unordered: how work is packed into jobs and read back in order.
 *
 * A job carries a chunk of items (multiprocessing's chunksize) so that
 * small items do not cost one message each; the Future of a chunk holds
 * every item's outcome, and the map family unpacks them in input order
 * (or, for imap_unordered, chunk by chunk as they finish). Everything here
 * runs on the owner; the request format is the one procs_child.c reads.
 */
#include "procs_int.h"

#include <lauxlib.h>
#include <stdio.h>

#include "engine/lua/host.h"
#include "engine/lua/serial.h"

/* The job of a Future this file made (so no type check). */
static pr_job *
pr_job_of(lua_State *L, int idx)
{
    fut_ud *u = lua_touserdata(L, idx);
    return ll_container_of(u->job, pr_job, f);
}

/* Item packing: how the arguments of item i are found on the stack. */
typedef enum { PACK_ARGS, PACK_ONE, PACK_STAR } pr_pack;

/* Submit a job of items [lo, hi] from the list at list_idx (or the stack
 * args at first..first+nargs-1 for PACK_ARGS). Pushes its Future. */
static pr_job *
pr_submit(lua_State *L, pr_pool *pool, int fn_idx, pr_pack pack,
          int list_idx, lua_Integer lo, lua_Integer hi, int first, int nargs)
{
    ll_serial_opts so = { .cross_process = true, .epoch = pool->epoch,
                          .target = "a worker process" };
    pr_job *j;
    ll_buf fnb;
    char *err = NULL;
    lua_Integer i;
    int rc, nitems = pack == PACK_ARGS ? 1 : (int)(hi - lo + 1);
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);

    if (pool->closed)
        luaL_error(L, pool->executor ? "cannot schedule new futures after "
                                       "shutdown"
                                     : "ValueError: Pool not running");
    if (ll_procpool_broken(pool->pp) != NULL)
        luaL_error(L, "%s", ll_procpool_broken(pool->pp));
    fn_idx = lua_absindex(L, fn_idx);
    j = ll_calloc(1, sizeof *j);
    if (j == NULL)
        luaL_error(L, "procs: out of memory");
    ll_buf_init(&j->j.in);
    ll_buf_init(&j->j.out);
    ll_buf_init(&fnb);
    rc = ll_serial_dump(L, fn_idx, 1, "fn", &so, &fnb, &err);
    if (rc == LL_OK) {
        pr_buf_u32(&j->j.in, (uint32_t)fnb.len);
        ll_buf_add(&j->j.in, fnb.data, fnb.len);
        pr_buf_u32(&j->j.in, (uint32_t)nitems);
    }
    ll_buf_close(&fnb);
    for (i = lo; rc == LL_OK && i <= hi; i++) {
        ll_buf ib;
        char root[48];
        int top = lua_gettop(L), a = first, n = nargs;
        ll_buf_init(&ib);
        if (pack == PACK_ONE) {
            lua_rawgeti(L, list_idx, i);
            a = top + 1;
            n = 1;
            snprintf(root, sizeof root, "items[%lld]", (long long)i);
        } else if (pack == PACK_STAR) {
            lua_Integer k, m;
            if (lua_rawgeti(L, list_idx, i) != LUA_TTABLE) {
                ll_buf_close(&ib);
                lua_settop(L, top);
                err = ll_asprintf("items[%lld]: starmap needs a table of "
                                  "arguments per item", (long long)i);
                rc = LL_EINVAL;
                break;
            }
            m = (lua_Integer)lua_rawlen(L, -1);
            luaL_checkstack(L, (int)m, "starmap");
            for (k = 1; k <= m; k++)
                lua_rawgeti(L, top + 1, k);
            a = top + 2;
            n = (int)m;
            snprintf(root, sizeof root, "items[%lld][%%d]", (long long)i);
        } else {
            snprintf(root, sizeof root, "args[%%d]");
        }
        rc = ll_serial_dump(L, a, n, root, &so, &ib, &err);
        lua_settop(L, top);
        if (rc == LL_OK) {
            pr_buf_u32(&j->j.in, (uint32_t)ib.len);
            ll_buf_add(&j->j.in, ib.data, ib.len);
        }
        ll_buf_close(&ib);
    }
    if (rc != LL_OK) {
        /* handles already written stay retained in j->j.in's item blobs:
         * release them item by item */
        {
            pr_reader r = { j->j.in.data, j->j.in.data + j->j.in.len };
            uint32_t fl, ni, len, k;
            if (pr_take(&r, &fl, 4) && (size_t)(r.end - r.p) >= fl) {
                ll_serial_discard(r.p, fl);
                r.p += fl;
                if (pr_take(&r, &ni, 4))
                    for (k = 0; k < ni && pr_take(&r, &len, 4) &&
                                (size_t)(r.end - r.p) >= len; k++) {
                        ll_serial_discard(r.p, len);
                        r.p += len;
                    }
            }
        }
        ll__procs_job_free(j);
        lua_pushstring(L, err ? err : ll_strerror(rc));
        ll_free(err);
        lua_error(L);
    }
    j->pool = pool;
    j->nitems = nitems;
    j->j.done = ll__procs_job_done;
    snprintf(j->f.name, sizeof j->f.name, "%s#%u", pool->name,
             (unsigned)++pool->next_job);
    ll__futures_push(L, &ll__procs_future_class, &j->f);
    {
        lua_State *saved = pool->pump_L;
        pool->pump_L = L;          /* a broken pool finishes jobs here */
        rc = ll_procpool_submit(pool->pp, &j->j);
        pool->pump_L = saved;
    }
    if (rc == LL_OK && ll_procpool_broken(pool->pp) != NULL)
        ll__procs_pump(L, pool, 0);       /* the dead child's last words */
    if (rc != LL_OK) {
        ll__futures_unsubmit(L, &j->f);
        luaL_error(L, "procs: cannot submit: %s", ll_strerror(rc));
    }
    pool->tasks += (uint64_t)nitems;
    if (ctx->trace != NULL)
        ll_trace_add(ctx->trace, (double)ll_clock_now(&ctx->clock) / 1e9,
                     LL_EV_JOB_SUBMIT, 0, -1, j->f.name, pool->name);
    return j;
}

int
ll__procs_pool_submit(lua_State *L)
{
    pr_pool *pool = ll__procs_check_pool(L, 1);
    luaL_checkany(L, 2);
    pr_submit(L, pool, 2, PACK_ARGS, 0, 1, 1, 3, lua_gettop(L) - 2);
    return 1;
}

static lua_Integer
pr_chunksize(lua_State *L, int idx, pr_pool *pool, lua_Integer n)
{
    lua_Integer cs;
    if (!lua_isnoneornil(L, idx)) {
        cs = luaL_checkinteger(L, idx);
        luaL_argcheck(L, cs >= 1, idx, "chunksize must be >= 1");
        return cs;
    }
    if (pool->executor)
        return 1;                         /* ProcessPoolExecutor.map */
    /* multiprocessing.Pool.map: divmod(len, workers * 4), rounded up */
    cs = n / (pool->nworkers * 4);
    if (n % (pool->nworkers * 4))
        cs++;
    return cs < 1 ? 1 : cs;
}

/* Submit chunk jobs for list at idx; leaves a table of futures on top. */
static void
pr_submit_chunks(lua_State *L, pr_pool *pool, int fn, int list, pr_pack pack,
                 lua_Integer cs)
{
    lua_Integer n = (lua_Integer)lua_rawlen(L, list), lo;
    int futs;
    lua_newtable(L);
    futs = lua_gettop(L);
    for (lo = 1; lo <= n; lo += cs) {
        lua_Integer hi = lo + cs - 1 > n ? n : lo + cs - 1;
        pr_submit(L, pool, fn, pack, list, lo, hi, 0, 0);
        lua_rawseti(L, futs, (lua_Integer)lua_rawlen(L, futs) + 1);
    }
}

/* pool:map(fn, items [, chunksize]) -> results list (Pool) or an
 * iterator of (i, result) (ProcessPoolExecutor), in input order. */
static int
pr_map(lua_State *L, pr_pack pack, int mode /* 0 list, 1 iter, 2 unordered */)
{
    pr_pool *pool = ll__procs_check_pool(L, 1);
    lua_Integer cs, n;
    luaL_checkany(L, 2);
    luaL_checktype(L, 3, LUA_TTABLE);
    n = (lua_Integer)lua_rawlen(L, 3);
    cs = pr_chunksize(L, 4, pool, n);
    lua_settop(L, 3);
    pr_submit_chunks(L, pool, 2, 3, pack, cs);      /* stack: pool fn list futs */
    if (mode == 0) {
        lua_Integer c, nf = (lua_Integer)lua_rawlen(L, 4), out = 0;
        lua_createtable(L, (int)n, 0);                /* 5: results */
        for (c = 1; c <= nf; c++) {
            pr_job *j;
            int k, top;
            lua_rawgeti(L, 4, c);
            j = pr_job_of(L, -1);
            ll__futures_wait(L, &j->f, -1);
            top = lua_gettop(L);
            for (k = 1; k <= j->nitems; k++) {
                ll__futures_push_values(L, top, &j->f, k);
                lua_settop(L, top + 3);   /* items, item, first value */
                lua_rawseti(L, 5, ++out);
                lua_settop(L, top);
            }
            lua_pop(L, 1);
        }
        return 1;
    }
    lua_pushvalue(L, 4);
    return -1;   /* caller wraps the futures in an iterator */
}

/* Unordered iteration: bring a finished chunk (from position c on) to
 * position c, waiting for one if none is. */
static void
pr_pick_finished(lua_State *L, int futs, lua_Integer c, lua_Integer nf)
{
    for (;;) {
        lua_Integer i;
        pr_job *j = NULL;
        for (i = c; i <= nf; i++) {
            lua_rawgeti(L, futs, i);
            j = pr_job_of(L, -1);
            lua_pop(L, 1);
            if (j->f.state != FUT_PENDING)
                break;
        }
        if (i <= nf) {
            lua_rawgeti(L, futs, c);
            lua_rawgeti(L, futs, i);
            lua_rawseti(L, futs, c);
            lua_rawseti(L, futs, i);
            return;
        }
        if (j == NULL || j->pool == NULL)
            return;
        ll__procs_pump(L, j->pool, -1);
    }
}

/* iterator upvalues: 1 futures, 2 chunk position, 3 item in chunk,
 * 4 {[future] = first input index}, 5 unordered */
static int
l_pr_iter_next(lua_State *L)
{
    int futs = lua_upvalueindex(1);
    lua_Integer c = lua_tointeger(L, lua_upvalueindex(2));
    lua_Integer k = lua_tointeger(L, lua_upvalueindex(3));
    bool unordered = lua_toboolean(L, lua_upvalueindex(5));
    lua_Integer nf = (lua_Integer)lua_rawlen(L, futs), first;
    pr_job *j;
    int n;

    lua_settop(L, 0);
    for (;;) {
        if (c > nf)
            return 0;
        if (k == 1 && unordered)
            pr_pick_finished(L, futs, c, nf);
        lua_rawgeti(L, futs, c);
        j = pr_job_of(L, -1);
        if (k <= j->nitems)
            break;
        lua_pop(L, 1);
        c++;
        k = 1;
    }
    /* stack: future */
    ll__futures_wait(L, &j->f, -1);
    lua_pushinteger(L, c);
    lua_replace(L, lua_upvalueindex(2));
    lua_pushinteger(L, k + 1);
    lua_replace(L, lua_upvalueindex(3));
    lua_pushvalue(L, 1);
    lua_rawget(L, lua_upvalueindex(4));
    first = lua_tointeger(L, -1);
    lua_pop(L, 1);
    n = ll__futures_push_values(L, 1, &j->f, (int)k);
    lua_pushinteger(L, first + k - 1);
    lua_rotate(L, -(n + 1), 1);       /* index, then the values */
    return n + 1;
}

static int
pr_iter(lua_State *L, pr_pack pack, bool unordered)
{
    lua_Integer i, nf, cs;
    pr_pool *pool = ll__procs_check_pool(L, 1);
    luaL_checkany(L, 2);
    luaL_checktype(L, 3, LUA_TTABLE);
    cs = pr_chunksize(L, 4, pool, (lua_Integer)lua_rawlen(L, 3));
    lua_settop(L, 3);
    pr_submit_chunks(L, pool, 2, 3, pack, cs);       /* 4: futures */
    nf = (lua_Integer)lua_rawlen(L, 4);
    lua_newtable(L);                                 /* 5: first index */
    for (i = 1; i <= nf; i++) {
        lua_rawgeti(L, 4, i);
        lua_pushinteger(L, (i - 1) * cs + 1);
        lua_rawset(L, 5);
    }
    lua_pushvalue(L, 4);
    lua_pushinteger(L, 1);
    lua_pushinteger(L, 1);
    lua_pushvalue(L, 5);
    lua_pushboolean(L, unordered);
    lua_pushcclosure(L, l_pr_iter_next, 5);
    return 1;
}

int
ll__procs_pool_map(lua_State *L)
{
    if (ll__procs_check_pool(L, 1)->executor)
        return pr_iter(L, PACK_ONE, false);
    return pr_map(L, PACK_ONE, 0);
}

int
ll__procs_pool_starmap(lua_State *L)
{
    return pr_map(L, PACK_STAR, 0);
}

int
ll__procs_pool_imap(lua_State *L)
{
    return pr_iter(L, PACK_ONE, false);
}

int
ll__procs_pool_imap_unordered(lua_State *L)
{
    return pr_iter(L, PACK_ONE, true);
}


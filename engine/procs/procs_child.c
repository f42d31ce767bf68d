/* SPDX-License-Identifier: MIT
 * engine/procs/procs_child.c -- the child side of `procs`: what a pool's
 * worker process runs.
 *
 * A worker reads request frames from its pipe, runs each and writes one
 * reply frame per request; it never sees the parent's Futures or trace.
 * Under `fork` it goes on in the parent's lua_State (so functions see the
 * script's globals as they were at fork time); under `spawn` it builds a
 * fresh sandboxed state. Separate from the parent side because none of it
 * runs in the parent: reading it alone shows the whole child protocol.
 */
#include "procs_int.h"

#include <lauxlib.h>
#include <stdio.h>

#include "engine/lua/host.h"
#include "engine/lua/serial.h"

/* {==== the child side */

lua_State *
ll__procs_fresh_state(long max_instr, size_t mem_limit)
{
    static ll_lua_ctx ctx;     /* the child is single-threaded and exits */
    lua_State *L;
    ll_lua_ctx_init(&ctx, LL_CLOCK_VIRTUAL, 1.0, 0);
    ctx.echo = true;
    ctx.mem_limit = mem_limit;
    L = ll_lua_new(&ctx);
    if (L != NULL)
        ll_lua_set_budget(L, max_instr);
    return L;
}

void
ll__procs_child_quiet(lua_State *L)
{
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    ctx->out = NULL;
    ctx->trace = NULL;
    ctx->echo = true;
}

/* Run one request and write the reply. Request: u32 fn length, fn blob,
 * u32 item count, then per item u32 length + args blob. Reply: i64 start,
 * i64 end (ll_mono_ns), u32 item count, then per item u8 ok, u32 length,
 * and a blob of the results (ok) or the error value. */
static int
pr_child_job(lua_State *L, int env, const ll_buf *req, int out_fd)
{
    pr_reader r = { req->data, req->data + req->len };
    uint32_t fnlen, nitems, i, len;
    ll_buf reply;
    int64_t t0 = ll_mono_ns(), t1;
    int base = lua_gettop(L), nf = 0, rc;
    char *err = NULL;
    ll_serial_opts so = { .cross_process = true, .plain = true,
                          .target = "the parent process" };

    ll_buf_init(&reply);
    if (!pr_take(&r, &fnlen, 4) || (size_t)(r.end - r.p) < fnlen)
        return 2;
    if (ll_serial_load(L, r.p, fnlen, env, &nf, &err) != LL_OK || nf != 1) {
        ll_free(err);
        return 2;
    }
    r.p += fnlen;
    if (!pr_take(&r, &nitems, 4))
        return 2;
    ll_buf_add(&reply, (const char *)&t0, sizeof t0);
    ll_buf_add(&reply, (const char *)&t0, sizeof t0);   /* t1, patched */
    pr_buf_u32(&reply, nitems);
    for (i = 0; i < nitems; i++) {
        int na = 0, nres;
        unsigned char ok;
        size_t at;
        if (!pr_take(&r, &len, 4) || (size_t)(r.end - r.p) < len)
            return 2;
        lua_pushvalue(L, base + 1);
        if (ll_serial_load(L, r.p, len, env, &na, &err) != LL_OK) {
            ll_free(err);
            return 2;
        }
        r.p += len;
        ok = lua_pcall(L, na, LUA_MULTRET, 0) == LUA_OK;
        nres = lua_gettop(L) - base - 1;
        at = reply.len;
        ll_buf_add(&reply, (const char *)&ok, 1);
        pr_buf_u32(&reply, 0);
        if (ok) {
            rc = ll_serial_dump(L, base + 2, nres, "result[%d]", &so, &reply,
                                &err);
            if (rc != LL_OK) {
                reply.len = at;
                ok = 0;
                ll_buf_add(&reply, (const char *)&ok, 1);
                pr_buf_u32(&reply, 0);
                lua_settop(L, base + 1);
                lua_pushfstring(L, "cannot send the result back: %s",
                                err ? err : ll_strerror(rc));
                ll_free(err);
                err = NULL;
                ll_serial_dump_error(L, -1, &reply);
            }
        } else {
            ll_serial_dump_error(L, -1, &reply);
        }
        len = (uint32_t)(reply.len - at - 5);
        memcpy(reply.data + at + 1, &len, 4);
        lua_settop(L, base + 1);
    }
    lua_settop(L, base);
    t1 = ll_mono_ns();
    memcpy(reply.data + sizeof t0, &t1, sizeof t1);
    rc = ll_proc_write_frame(out_fd, 0, reply.data, reply.len);
    ll_buf_close(&reply);
    return rc == LL_OK ? 0 : 3;
}

int
ll__procs_pool_child_main(void *ud, int in_fd, int out_fd)
{
    pr_pool *pool = ud;
    lua_State *L;
    ll_buf req;
    uint32_t tag;
    int env, rc;

    if (pool->start == SM_FORK) {
        L = pool->L;
        ll__procs_child_quiet(L);
        lua_rawgeti(L, LUA_REGISTRYINDEX, pool->env_ref);
    } else {
        L = ll__procs_fresh_state(pool->max_instr, pool->mem_limit);
        if (L == NULL)
            return 4;
        ll_lua_push_env(L);
    }
    env = lua_gettop(L);
    if (pool->init.len > 0) {
        int nv = 0;
        char *err = NULL;
        if (ll_serial_load(L, pool->init.data, pool->init.len, env, &nv,
                           &err) != LL_OK ||
            ll_lua_pcall(L, nv - 1, 0, &err) != LL_OK) {
            /* multiprocessing reports it and the worker dies: the pool
             * breaks (BrokenProcessPool) */
            printf("Exception in initializer: %s\n", err ? err : "?");
            fflush(stdout);
            ll_free(err);
            return 1;
        }
    }
    ll_buf_init(&req);
    for (;;) {
        rc = ll_proc_read_frame(in_fd, &tag, &req);
        if (rc != LL_OK)
            break;
        rc = pr_child_job(L, env, &req, out_fd);
        fflush(stdout);
        if (rc != 0)
            return rc;
    }
    return rc == LL_ENOENT ? 0 : 5;
}

/* }==== */

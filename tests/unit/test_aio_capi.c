/* SPDX-License-Identifier: MIT
 * tests/unit/test_aio_capi.c -- the C API of engine/aio/aio.h, used the way
 * the io and pools modules use it: a C function creates a Future, starts
 * an operation (here a loop timer), awaits; the completion callback
 * resolves or rejects it on the run's thread; a cancel reaches the
 * operation through the on_cancel hook.
 */
#include "testutil.h"
#include "engine/clock.h"
#include "engine/loop.h"
#include "engine/aio/aio.h"
#include "engine/lua/host.h"

#include <string.h>

typedef struct op {
    ll_timer   tm;
    lua_State *L;
    int        ref;
    bool       fail;
    bool       cancelled;
    bool       used;
} op;

static op ops[8];

static void
op_fire(ll_timer *t)
{
    op *o = t->data;
    lua_State *L = ll_aio_loop_state(o->L);
    assert_non_null(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, o->ref);
    assert_true(ll_aio_is_future(L, -1));
    assert_false(ll_aio_future_done(L, -1));
    if (o->fail) {
        ll_aio_push_error(L, "ConnectionResetError", "peer went away");
        assert_int_equal(ll_aio_future_reject(L, -2), LL_OK);
    } else {
        lua_pushstring(L, "payload");
        lua_pushinteger(L, 42);
        assert_int_equal(ll_aio_future_resolve(L, -3, 2), LL_OK);
    }
    assert_true(ll_aio_future_done(L, -1));
    /* A second resolution is refused, and pops its values. */
    lua_pushinteger(L, 1);
    assert_int_equal(ll_aio_future_resolve(L, -2, 1), LL_EINVAL);
    lua_pop(L, 1);
    luaL_unref(L, LUA_REGISTRYINDEX, o->ref);
}

static void
op_cancel(void *ud)
{
    op *o = ud;
    ll_timer_stop(&o->tm);
    o->cancelled = true;
}

/* op(delay, fail) -> "payload", 42 after delay seconds, or raises. */
static int
l_op(lua_State *L)
{
    double d = luaL_checknumber(L, 1);
    bool fail = lua_toboolean(L, 2);
    op *o = NULL;
    size_t i;
    for (i = 0; i < 8 && o == NULL; i++)
        if (!ops[i].used)
            o = &ops[i];
    assert_non_null(o);
    memset(o, 0, sizeof *o);
    o->used = true;
    o->L = L;
    o->fail = fail;
    ll_aio_future_new(L);
    lua_pushvalue(L, -1);
    o->ref = luaL_ref(L, LUA_REGISTRYINDEX);
    ll_timer_init(ll_aio_loop(L), &o->tm);
    o->tm.data = o;
    assert_int_equal(ll_timer_start(&o->tm, ll_clock_s2ns(d), op_fire), LL_OK);
    ll_aio_future_on_cancel(L, -1, op_cancel, o);
    return ll_aio_await(L, -1);
}

static int
l_cancelled_ops(lua_State *L)
{
    int n = 0;
    size_t i;
    for (i = 0; i < 8; i++)
        n += ops[i].used && ops[i].cancelled;
    lua_pushinteger(L, n);
    return 1;
}

static void
test_capi_future_round_trip(void **state)
{
    ll_lua_ctx ctx;
    lua_State *L;
    ll_buf out;
    char *err = NULL;
    int env, rc;
    static const char src[] =
        "print(pcall(op, 1))\n"
        "aio.run(function()\n"
        "  print(op(1))\n"
        "  print(aio.now())\n"
        "  local ok, e = pcall(op, 0.5, true)\n"
        "  print(ok, tostring(e), aio.iserror(e, 'ConnectionResetError'), aio.now())\n"
        "  local t = aio.create_task(op, 10)\n"
        "  aio.sleep(1)\n"
        "  t:cancel('enough')\n"
        "  print(pcall(aio.await, t))\n"
        "  print(cancelled_ops(), aio.now())\n"
        "end)\n";
    (void)state;

    memset(ops, 0, sizeof ops);
    ll_lua_ctx_init(&ctx, LL_CLOCK_VIRTUAL, 1.0, 0);
    ll_buf_init(&out);
    ctx.out = &out;
    L = ll_lua_new(&ctx);
    assert_non_null(L);
    assert_null(ll_aio_loop_state(L));
    assert_null(ll_aio_loop(L));
    ll_lua_push_env(L);
    env = lua_gettop(L);
    lua_pushcfunction(L, l_op);
    lua_setfield(L, env, "op");
    lua_pushcfunction(L, l_cancelled_ops);
    lua_setfield(L, env, "cancelled_ops");
    rc = ll_lua_load_string(L, src, "=capi", env, &err);
    assert_int_equal(rc, LL_OK);
    rc = ll_lua_pcall(L, 0, 0, &err);
    if (rc != LL_OK)
        fail_msg("script failed: %s\noutput:\n%s", err, out.data ? out.data : "");
    assert_string_equal(out.data,
        "false\taio.Future(): no running event loop (call it inside aio.run)\n"
        "payload\t42\n"
        "1.0\n"
        "false\tConnectionResetError: peer went away\ttrue\t1.5\n"
        "false\tCancelledError: enough\n"
        "1\t2.5\n");
    ll_free(err);
    ll_lua_close(L);
    ll_buf_close(&out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capi_future_round_trip),
    };
    return cmocka_run_group_tests_name("aio_capi", tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT
 * tests/unit/test_checklib.c -- the check vocabulary's cost on a student's
 * output (issue 14): check.out's normaliser is linear; and (issue 15) a
 * check's hint, Python values in Python feedback, behaviour checks not
 * earned by a program whose coroutine was never awaited.
 *
 * The old normaliser (a gsub chain) rescanned a run of blanks from every
 * start position: one line of 1 MB of spaces took hours. The C version
 * must give the gsub chain's exact result (compared on every short string
 * over a small alphabet) and handle 16 MB of blanks within a wall bound
 * thousands of times what it needs, stable even under ASan on a busy box.
 */
#include "testutil.h"
#include "grader/checklib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lualib.h>

static const char *const REF =
    "local s = ...\n"
    "s = s:gsub('\\r\\n', '\\n'):gsub('[ \\t]+\\n', '\\n'):gsub('%s+$', '')\n"
    "return s\n";

/* Every string of length <= 6 over " \t\r\nax": the C result must equal the
 * gsub chain's (46656 + shorter ones). */
static void
test_norm_matches_the_gsub_chain(void **state)
{
    static const char alpha[] = " \t\r\nax\v";
    const int k = (int)sizeof alpha - 1;
    lua_State *L = luaL_newstate();
    char s[8], t[8];
    long count = 0;
    (void)state;
    assert_non_null(L);
    luaL_openlibs(L);
    assert_int_equal(luaL_loadstring(L, REF), LUA_OK);
    for (int len = 0; len <= 6; len++) {
        long total = 1;
        for (int i = 0; i < len; i++)
            total *= k;
        for (long code = 0; code < total; code++) {
            long c = code;
            size_t n, rn;
            const char *want;
            for (int i = 0; i < len; i++, c /= k)
                s[i] = alpha[c % k];
            memcpy(t, s, (size_t)len);
            n = ll_checklib_norm(t, (size_t)len);
            lua_pushvalue(L, -1);
            lua_pushlstring(L, s, (size_t)len);
            assert_int_equal(lua_pcall(L, 1, 1, 0), LUA_OK);
            want = lua_tolstring(L, -1, &rn);
            if (rn != n || memcmp(want, t, n) != 0)
                fail_msg("norm differs on a string of length %d (code %ld)",
                         len, code);
            lua_pop(L, 1);
            count++;
        }
    }
    assert_true(count > 100000);
    lua_close(L);
}

static double
now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* check.out on 16 MB of blanks, before text, before a newline and at the
 * end: the shapes that were quadratic. 1 MB took hours before; 16 MB must take under 20 s. */
static void
test_check_out_on_huge_blank_runs_is_fast(void **state)
{
    static const char checks[] =
        "return { check.out { name = 'o', expect = 'x' } }\n";
    const size_t big = 16u << 20;
    ll_lua_ctx ctx;
    lua_State *L;
    ll_result r;
    char *err = NULL;
    double t0;
    (void)state;

    ll_lua_ctx_init(&ctx, LL_CLOCK_VIRTUAL, 1, 0);
    L = ll_lua_new(&ctx);
    assert_non_null(L);
    ll_result_init(&r);
    t0 = now_s();
    for (int shape = 0; shape < 3; shape++) {
        luaL_Buffer b;
        char *p;
        lua_newtable(L);
        /* "  ...  yx", "x\t...\t\n", "x  ...  " */
        p = luaL_buffinitsize(L, &b, big + 2);
        if (shape == 0) {
            memset(p, ' ', big);
            memcpy(p + big, "yx", 2);
        } else {
            p[0] = 'x';
            memset(p + 1, shape == 1 ? '\t' : ' ', big);
            p[big + 1] = shape == 1 ? '\n' : ' ';
        }
        luaL_pushresultsize(&b, big + 2);
        lua_setfield(L, -2, "out");
        assert_int_equal(ll_checklib_eval_src(L, checks, "checks.lua", -1,
                                              &r, &err), LL_OK);
        lua_pop(L, 1);
    }
    assert_true(now_s() - t0 < 20.0);
    assert_int_equal(r.nchecks, 3);
    assert_false(r.checks[0].passed);        /* "...yx" is not "x" */
    assert_true(r.checks[1].passed);
    assert_true(r.checks[2].passed);
    ll_result_close(&r);
    ll_free(err);
    ll_lua_close(L);
}

/* The instruction budget does not see work done inside C functions: a
 * loop of few instructions that calls string.find on 1 MB each time stays
 * under any budget for hours. The wall deadline (checked from the same
 * hook) stops it, and pcall cannot swallow the stop. */
static void
test_deadline_stops_cheap_loops_of_slow_calls(void **state)
{
    static const char src[] =
        "local s = ('x'):rep(1 << 20)\n"
        "while true do pcall(string.find, s, 'y', 1, true) end\n";
    ll_lua_ctx ctx;
    lua_State *L;
    char *err = NULL;
    double t0;
    (void)state;

    ll_lua_ctx_init(&ctx, LL_CLOCK_VIRTUAL, 1, 0);
    L = ll_lua_new(&ctx);
    assert_non_null(L);
    assert_int_equal(ll_lua_load_string(L, src, "=loop", 0, &err), LL_OK);
    ll_lua_set_budget(L, 1L << 60);
    ll_lua_set_deadline(L, 0.5);
    t0 = now_s();
    assert_int_equal(ll_lua_pcall(L, 0, 0, &err), LL_ELIMIT);
    assert_true(now_s() - t0 < 15.0);
    assert_non_null(strstr(err, "time limit exceeded"));
    ll_lua_set_budget(L, 0);
    ll_free(err);
    ll_lua_close(L);
}

/* Evaluate checks (source) against a run table built by the Lua chunk
 * `run` (it returns the table), into r. */
static void
eval_on(const char *checks, const char *run, ll_result *r, char **err)
{
    ll_lua_ctx ctx;
    lua_State *L;

    ll_lua_ctx_init(&ctx, LL_CLOCK_VIRTUAL, 1, 0);
    L = ll_lua_new(&ctx);
    assert_non_null(L);
    assert_int_equal(luaL_loadstring(L, run), LUA_OK);
    assert_int_equal(lua_pcall(L, 0, 1, 0), LUA_OK);
    ll_result_init(r);
    *err = NULL;
    (void)ll_checklib_eval_src(L, checks, "checks.lua", -1, r, err);
    ll_lua_close(L);
}

/* `hint = N` on a built-in or a plain check reaches the result; anything
 * but a whole number >= 1 is the author's error, named. */
static void
test_hint_reaches_the_result(void **state)
{
    ll_result r;
    char *err;
    (void)state;
    eval_on("return {\n"
            "  check.vtime { name = 'fast', max = 1, hint = 2 },\n"
            "  check.vtime { name = 'slow', min = 1 },\n"
            "  { name = 'plain', hint = 3, fn = function() return false, 'no' end },\n"
            "}\n", "return { vtime = 2.5, python = '3.11.2' }", &r, &err);
    assert_null(err);
    assert_int_equal(r.nchecks, 3);
    assert_int_equal(r.checks[0].hint, 2);
    assert_false(r.checks[0].passed);
    assert_int_equal(r.checks[1].hint, 0);
    assert_int_equal(r.checks[2].hint, 3);
    ll_result_close(&r);
    eval_on("return { check.vtime { name = 'x', max = 1, hint = 'two' } }\n",
            "return { vtime = 2.5 }", &r, &err);
    assert_non_null(err);
    assert_non_null(strstr(err, "'hint' must be the number of one of the "
                                "exercise's hints"));
    ll_free(err);
    ll_result_close(&r);
}

/* A Python run's messages show Python values: None, True, [..], {'k': ..}
 * (check.result and check.show); a Lua run's keep Lua's. */
static void
test_python_words_for_python_runs(void **state)
{
    static const char checks[] =
        "return {\n"
        "  check.result { name = 'r', expect = { 1, 2 } },\n"
        "  { name = 's', fn = function(run) return false, check.show({ a = false, b = 'it\\'s' }) .. ' ' .. check.show(nil) .. ' ' .. check.show(2.0) end },\n"
        "}\n";
    ll_result r;
    char *err;
    (void)state;
    eval_on(checks, "return { main_end = 'done', result = { k = 1.5 }, "
            "python = '3.11.2' }", &r, &err);
    assert_null(err);
    assert_string_equal(r.checks[0].message,
                        "main() returned {'k': 1.5}; expected [1, 2].");
    assert_string_equal(r.checks[1].message,
                        "{'a': False, 'b': \"it's\"} None 2.0");
    ll_result_close(&r);
    eval_on(checks, "return { main_end = 'done', result = { k = 1.5 } }",
            &r, &err);
    assert_null(err);
    assert_string_equal(r.checks[0].message,
                        "main() returned {k=1.5}; expected {1, 2}.");
    assert_string_equal(r.checks[1].message, "{a=false, b=\"it's\"} nil 2.0");
    ll_result_close(&r);
}

/* A coroutine that was never awaited never ran: the behaviour checks
 * (noerror, noblock) are not earned, and say why; the others are as
 * measured. */
static void
test_never_awaited_unearns_behaviour(void **state)
{
    static const char checks[] =
        "return {\n"
        "  check.vtime { name = 'time', max = 5 },\n"
        "  check.noerror { name = 'no exception' },\n"
        "  check.noblock { name = 'no block' },\n"
        "}\n";
    ll_result r;
    char *err;
    (void)state;
    eval_on(checks, "return { vtime = 1, main_end = 'done', python = '3.11.2',"
            " warnings = { \"RuntimeWarning: coroutine 'fetch' was never "
            "awaited\" } }", &r, &err);
    assert_null(err);
    assert_true(r.checks[0].passed);
    assert_false(r.checks[1].passed);
    assert_false(r.checks[2].passed);
    assert_non_null(strstr(r.checks[1].message, "Not earned yet: coroutine "
                                                "'fetch' was never awaited"));
    ll_result_close(&r);
    eval_on(checks, "return { vtime = 1, main_end = 'done', python = '3.11.2',"
            " warnings = {} }", &r, &err);
    assert_true(r.checks[1].passed && r.checks[2].passed);
    ll_result_close(&r);
    /* unawaited_ok: a program that leaves one unawaited on purpose */
    eval_on("return { check.noerror { name = 'n', unawaited_ok = true } }\n",
            "return { main_end = 'done', python = '3.11.2', warnings = { "
            "\"RuntimeWarning: coroutine 'f' was never awaited\" } }", &r,
            &err);
    assert_true(r.checks[0].passed);
    ll_result_close(&r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_norm_matches_the_gsub_chain),
        cmocka_unit_test(test_check_out_on_huge_blank_runs_is_fast),
        cmocka_unit_test(test_deadline_stops_cheap_loops_of_slow_calls),
        cmocka_unit_test(test_hint_reaches_the_result),
        cmocka_unit_test(test_python_words_for_python_runs),
        cmocka_unit_test(test_never_awaited_unearns_behaviour),
    };
    return cmocka_run_group_tests_name("checklib", tests, NULL, NULL);
}

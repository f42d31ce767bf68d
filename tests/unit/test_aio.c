/* SPDX-License-Identifier: MIT
 * tests/unit/test_aio.c -- the `aio` Lua module and ll_run_file
 * (engine/aio/mod_aio.c, engine/lua/run.c, engine/lua/host.c).
 *
 * Each test writes a Lua script into a fresh temp dir, runs it on the
 * virtual clock with print() captured into an ll_buf, and asserts the exact
 * output, the run status and, where it matters, events in the trace.
 */
#include "aio_fixture.h"

/* ---- time and ordering ---- */

static void
test_sequential_sleeps_add_up(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "local function fetch(name, d) aio.sleep(d); return name end\n"
        "aio.run(function()\n"
        "  local t0 = aio.now()\n"
        "  for _, p in ipairs({{'a', 2}, {'b', 1}, {'c', 3}}) do\n"
        "    print(fetch(p[1], p[2]), aio.now())\n"
        "  end\n"
        "  print(string.format('total %.1f', aio.now() - t0))\n"
        "end)\n");
    assert_string_equal(out_text(f), "a\t2.0\nb\t3.0\nc\t6.0\ntotal 6.0\n");
    assert_true(f->res.vtime == 6.0);
}

static void
test_gather_overlaps_and_keeps_argument_order(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "local function fetch(name, d)\n"
        "  aio.sleep(d)\n"
        "  print('done ' .. name)\n"
        "  return name, d\n"
        "end\n"
        "aio.run(function()\n"
        "  local r = aio.gather({\n"
        "    function() return fetch('a', 2) end,\n"
        "    function() return fetch('b', 1) end,\n"
        "    function() return fetch('c', 3) end,\n"
        "  })\n"
        "  print(r.n, r[1], r[2], r[3])\n"
        "  local t = {}\n"
        "  for i = 1, 3 do\n"
        "    t[i] = aio.create_task(fetch, 'x' .. i, 4 - i)\n"
        "  end\n"
        "  local r2 = aio.gather(t)\n"
        "  print(r2.n, table.concat(r2, ' '))\n"
        "  local r3 = aio.gather({})\n"
        "  print(r3.n, #r3)\n"
        "  print(string.format('%.1f', aio.now()))\n"
        "end)\n");
    assert_string_equal(out_text(f),
                        "done b\ndone a\ndone c\n"
                        "3\ta\tb\tc\n"
                        "done x3\ndone x2\ndone x1\n"
                        "3\tx1 x2 x3\n"
                        "0\t0\n"
                        "6.0\n");
    assert_true(f->res.vtime == 6.0);
}

static void
test_gather_alone_takes_longest(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "aio.run(function()\n"
        "  aio.gather({\n"
        "    function() aio.sleep(2) end,\n"
        "    function() aio.sleep(1) end,\n"
        "    function() aio.sleep(3) end,\n"
        "  })\n"
        "end)\n");
    assert_true(f->res.vtime == 3.0);
}

static void
test_fifo_ties(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "aio.run(function()\n"
        "  local order, ts = {}, {}\n"
        "  for i = 1, 5 do\n"
        "    ts[i] = aio.create_task(function()\n"
        "      aio.sleep(1)\n"
        "      order[#order + 1] = i\n"
        "    end)\n"
        "  end\n"
        "  aio.gather(ts)\n"
        "  print(table.concat(order, ' '))\n"
        "end)\n");
    assert_string_equal(out_text(f), "1 2 3 4 5\n");
    assert_true(f->res.vtime == 1.0);
}

static void
test_sleep0_interleaves(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "local function w(tag)\n"
        "  for i = 0, 1 do print(tag .. i); aio.sleep(0) end\n"
        "end\n"
        "aio.run(function()\n"
        "  aio.gather({function() w('A') end, function() w('B') end})\n"
        "end)\n");
    assert_string_equal(out_text(f), "A0\nB0\nA1\nB1\n");
    assert_true(f->res.vtime == 0.0);
}

static void
test_sleep_returns_value_and_now(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "aio.run(function()\n"
        "  print(aio.sleep(0.5, 'v'), aio.sleep(0.25), aio.now())\n"
        "  print(aio.run == nil, aio.current_task():get_name())\n"
        "end)\n");
    /* sleep(d) without a value returns nothing (nil in an argument list) */
    assert_string_equal(out_text(f), "v\tnil\t0.75\nfalse\tmain\n");
}

static void
test_named_task_in_trace(void **state)
{
    fixture *f = *state;
    long spawn, run_ev;

    run_ok(f,
        "aio.run(function()\n"
        "  local t = aio.create_task('fetcher', function(x)\n"
        "    aio.sleep(1)\n"
        "    print('in', aio.current_task():get_name())\n"
        "    return x * 2\n"
        "  end, 21)\n"
        "  print(t:get_name(), t:await(), t:done(), t:result())\n"
        "  t:set_name('renamed')\n"
        "  print(t:get_name(), tostring(t))\n"
        "end)\n");
    assert_string_equal(out_text(f),
                        "in\tfetcher\n"
                        "fetcher\t42\ttrue\t42\n"
                        "renamed\t<Task renamed done>\n");
    spawn = find_ev(f->trace, 0, LL_EV_SPAWN, "fetcher", NULL);
    assert_true(spawn >= 0);
    assert_string_equal(ll_trace_get(f->trace, (size_t)spawn)->what, "main");
    assert_true(find_ev(f->trace, 0, LL_EV_SPAWN, "main", NULL) < spawn);
    run_ev = find_ev(f->trace, (size_t)spawn, LL_EV_DONE, "fetcher", NULL);
    assert_true(run_ev > spawn);
    assert_true(ll_trace_get(f->trace, (size_t)run_ev)->t == 1.0);
    /* print() from inside the task is traced as its OUTPUT */
    assert_true(find_ev(f->trace, 0, LL_EV_OUTPUT, "fetcher", "in\tfetcher")
                >= 0);
}

/* ---- errors ---- */

static void
test_gather_first_error_propagates_sibling_runs(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "aio.run(function()\n"
        "  local sib = aio.create_task('sib', function()\n"
        "    aio.sleep(2)\n"
        "    print('sibling done', aio.now())\n"
        "  end)\n"
        "  local bad = aio.create_task('bad', function()\n"
        "    aio.sleep(1)\n"
        "    error('boom', 0)\n"
        "  end)\n"
        "  local ok, err = pcall(aio.gather, {sib, bad})\n"
        "  print('caught', ok, err, aio.now())\n"
        "  aio.sleep(3)\n"
        "  print('end', sib:done(), sib:cancelled(), bad:done())\n"
        "end)\n");
    assert_string_equal(out_text(f),
                        "caught\tfalse\tboom\t1.0\n"
                        "sibling done\t2.0\n"
                        "end\ttrue\tfalse\ttrue\n");
    assert_true(f->res.vtime == 4.0);
    /* The error was retrieved through gather: no warning. */
    assert_int_equal(count_ev(f->trace, LL_EV_WARN), 0);
    assert_true(find_ev(f->trace, 0, LL_EV_ERROR, "bad", "boom") >= 0);
}

static void
test_gather_return_exceptions(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "aio.run(function()\n"
        "  local r = aio.gather({\n"
        "    function() aio.sleep(1); return 'ok' end,\n"
        "    function() error('bad', 0) end,\n"
        "    function() error({code = 7}) end,\n"
        "    function() return 3 end,\n"
        "  }, {return_exceptions = true})\n"
        "  print(r.n, r[1], r[2], type(r[3]), r[3].code, r[4])\n"
        "end)\n");
    assert_string_equal(out_text(f), "4\tok\tbad\ttable\t7\t3\n");
    assert_int_equal(count_ev(f->trace, LL_EV_WARN), 0);
}

static void
test_cancel_sleeping_task(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "aio.run(function()\n"
        "  local t = aio.create_task('sleeper', function()\n"
        "    aio.sleep(10)\n"
        "    print('never')\n"
        "  end)\n"
        "  aio.sleep(1)\n"
        "  print(t:cancel('stop'))\n"
        "  local ok, err = pcall(aio.await, t)\n"
        "  print(ok, aio.is_cancelled(err), t:cancelled(), t:done())\n"
        "  print(err.message, tostring(err))\n"
        "  print(t:cancel(), aio.is_cancelled('x'), aio.is_cancelled(nil))\n"
        "  local ok2, err2 = pcall(t.result, t)\n"
        "  print(ok2, aio.is_cancelled(err2))\n"
        "  print(aio.now())\n"
        "end)\n");
    assert_string_equal(out_text(f),
                        "true\n"
                        "false\ttrue\ttrue\ttrue\n"
                        "stop\tCancelledError: stop\n"
                        "false\tfalse\tfalse\n"
                        "false\ttrue\n"
                        "1.0\n");
    /* The 10 s timer was stopped: the run ends at 1 s. */
    assert_true(f->res.vtime == 1.0);
    assert_true(find_ev(f->trace, 0, LL_EV_CANCEL, "sleeper", NULL) >= 0);
}

static void
test_cancel_before_start_never_runs_body(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "aio.run(function()\n"
        "  local t = aio.create_task('unborn', function() print('body ran') end)\n"
        "  t:cancel()\n"
        "  local ok, err = pcall(aio.await, t)\n"
        "  print(ok, aio.is_cancelled(err), t:cancelled())\n"
        "end)\n");
    assert_string_equal(out_text(f), "false\ttrue\ttrue\n");
    /* (Its step may be traced as a RUN that ends at once, as CPython's
     * __step throws into the unstarted coroutine; the body never runs.) */
    assert_int_equal(find_ev(f->trace, 0, LL_EV_OUTPUT, "unborn", NULL), -1);
    assert_true(find_ev(f->trace, 0, LL_EV_CANCEL, "unborn", NULL) >= 0);
}

static void
test_cancel_caught_task_is_not_cancelled(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "aio.run(function()\n"
        "  local t = aio.create_task(function()\n"
        "    local ok, err = pcall(aio.sleep, 10)\n"
        "    print('caught', ok, aio.is_cancelled(err), aio.now())\n"
        "    return 'fine'\n"
        "  end)\n"
        "  aio.sleep(1)\n"
        "  t:cancel()\n"
        "  local r = aio.await(t)\n"
        "  print(r, t:cancelled(), t:done(), t:exception())\n"
        "end)\n");
    assert_string_equal(out_text(f),
                        "caught\tfalse\ttrue\t1.0\n"
                        "fine\tfalse\ttrue\tnil\n");
    assert_int_equal(count_ev(f->trace, LL_EV_CANCEL), 0);
}

static void
test_deadlock(void **state)
{
    fixture *f = *state;

    assert_int_equal(run(f,
        "aio.run(function()\n"
        "  local a, b\n"
        "  a = aio.create_task('alpha', function() return aio.await(b) end)\n"
        "  b = aio.create_task('beta', function() return aio.await(a) end)\n"
        "  aio.await(a)\n"
        "  print('unreachable')\n"
        "end)\n"), LL_OK);
    assert_int_equal(f->res.status, LL_EDEADLK);
    assert_non_null(f->res.error);
    assert_contains(f->res.error, "deadlock");
    assert_contains(f->res.error, "alpha");
    assert_contains(f->res.error, "beta");
    assert_string_equal(out_text(f), "");
}

static void
test_main_error_has_task_traceback(void **state)
{
    fixture *f = *state;

    assert_int_equal(run(f,
        "local function inner()\n"
        "  error('kaboom')\n"
        "end\n"
        "aio.run(function()\n"
        "  aio.sleep(1)\n"
        "  inner()\n"
        "end)\n"), LL_OK);
    assert_int_equal(f->res.status, LL_ERUNTIME);
    assert_non_null(f->res.error);
    assert_contains(f->res.error, "script.lua:2: kaboom");
    assert_contains(f->res.error, "traceback");
    assert_contains(f->res.error, "script.lua:6:");   /* the call in main */
    assert_true(f->res.vtime == 1.0);
    assert_true(find_ev(f->trace, 0, LL_EV_ERROR, "main", "kaboom") >= 0);
}

static void
test_unretrieved_exception_warns(void **state)
{
    fixture *f = *state;
    long w;

    run_ok(f,
        "aio.run(function()\n"
        "  aio.create_task('doomed', function() error('lost', 0) end)\n"
        "  local seen = aio.create_task('seen', function() error('x', 0) end)\n"
        "  aio.sleep(1)\n"
        "  print(seen:exception())\n"
        "end)\n");
    assert_string_equal(out_text(f), "x\n");   /* diagnostics stay out */
    w = find_ev(f->trace, 0, LL_EV_WARN, "doomed",
                "Task exception was never retrieved");
    assert_true(w >= 0);
    assert_int_equal(count_ev(f->trace, LL_EV_WARN), 1);   /* not 'seen' */
}

/* The end-of-run warnings come in spawn order although the tasks failed in
 * reverse (the run keeps failed tasks in failure order and sorts them), and
 * default names are formatted when printed. */
static void
test_unretrieved_warnings_in_spawn_order(void **state)
{
    fixture *f = *state;
    long e2, e4, w2, w3, w4;

    run_ok(f,
        "keep = {}\n"
        "aio.run(function()\n"
        "  for i, d in ipairs({3, 2, 1}) do\n"
        "    keep[i] = aio.create_task(function()\n"
        "      aio.sleep(d)\n"
        "      error('e' .. i, 0)\n"
        "    end)\n"
        "  end\n"
        "  aio.sleep(5)\n"
        "  print(keep[3]:get_name())\n"
        "end)\n");
    assert_string_equal(out_text(f), "Task-4\n");
    e2 = find_ev(f->trace, 0, LL_EV_ERROR, "Task-2", "e1");
    e4 = find_ev(f->trace, 0, LL_EV_ERROR, "Task-4", "e3");
    assert_true(e4 >= 0 && e2 > e4);           /* failed last to first */
    w2 = find_ev(f->trace, 0, LL_EV_WARN, "Task-2", "never retrieved");
    w3 = find_ev(f->trace, 0, LL_EV_WARN, "Task-3", "never retrieved");
    w4 = find_ev(f->trace, 0, LL_EV_WARN, "Task-4", "never retrieved");
    assert_true(w2 > e2 && w3 > w2 && w4 > w3);
    assert_int_equal(count_ev(f->trace, LL_EV_WARN), 3);
}

static void
test_coroutine_yield_in_task_fails_it(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "aio.run(function()\n"
        "  local t = aio.create_task('yielder', function()\n"
        "    coroutine.yield()\n"
        "    print('resumed?!')\n"
        "  end)\n"
        "  local ok, err = pcall(aio.await, t)\n"
        "  print(ok, err)\n"
        "  print(t:done(), t:cancelled())\n"
        "end)\n");
    assert_contains(out_text(f), "false\t");
    assert_contains(out_text(f), "aio.sleep(0)");
    assert_contains(out_text(f), "\ntrue\tfalse\n");
    assert_null(strstr(out_text(f), "resumed"));
    assert_true(find_ev(f->trace, 0, LL_EV_ERROR, "yielder", "aio.sleep(0)")
                >= 0);
}

static void
test_plain_coroutines_inside_task_still_work(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "aio.run(function()\n"
        "  local gen = coroutine.wrap(function()\n"
        "    for i = 1, 3 do coroutine.yield(i) end\n"
        "  end)\n"
        "  aio.sleep(1)\n"
        "  print(gen(), gen(), gen())\n"
        "end)\n");
    assert_string_equal(out_text(f), "1\t2\t3\n");
}

static void
test_nested_run_errors(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "aio.run(function()\n"
        "  local ok, err = pcall(aio.run, function() print('inner') end)\n"
        "  print(ok, err)\n"
        "end)\n");
    assert_contains(out_text(f), "false\t");
    assert_contains(out_text(f),
                    "aio.run() cannot be called from a running event loop");
    assert_null(strstr(out_text(f), "inner"));
}

static void
test_sleep_outside_task_errors(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "local ok, err = pcall(aio.sleep, 1)\n"
        "print(ok, err)\n"
        "print(aio.current_task(), aio.now())\n"
        "local ok2, err2 = pcall(aio.create_task, function() end)\n"
        "print(ok2, err2)\n");
    assert_string_equal(out_text(f),
        "false\taio.sleep() must be called inside a task (start one with "
        "aio.run(main))\n"
        "nil\t0.0\n"
        "false\taio.create_task(): no running event loop (call it inside "
        "aio.run)\n");

    /* Unprotected: the run fails with that message. */
    ll_run_result_close(&f->res);
    assert_int_equal(run(f, "aio.sleep(1)\n"), LL_OK);
    assert_int_equal(f->res.status, LL_ERUNTIME);
    assert_contains(f->res.error, "must be called inside a task");
}

static void
test_run_twice_sequentially(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "print(aio.run(function() aio.sleep(2); return 'one', 1 end))\n"
        "print(aio.run(function() aio.sleep(3); return 'two' end))\n"
        "print(aio.now())\n");
    assert_string_equal(out_text(f), "one\t1\ntwo\n5.0\n");
    assert_true(f->res.vtime == 5.0);
}

/* ---- limits and sandbox ---- */

static void
test_instruction_limit_not_swallowed(void **state)
{
    fixture *f = *state;

    f->opts.max_instructions = 200000;
    assert_int_equal(run(f,
        "aio.run(function()\n"
        "  local ok = pcall(function() while true do end end)\n"
        "  print('swallowed', ok)\n"
        "  while true do end\n"
        "end)\n"), LL_OK);
    assert_int_equal(f->res.status, LL_ELIMIT);
    assert_non_null(f->res.error);
    assert_string_equal(out_text(f), "");
}

static void
test_instruction_limit_top_level(void **state)
{
    fixture *f = *state;

    f->opts.max_instructions = 200000;
    assert_int_equal(run(f,
        "local ok = pcall(function() while true do end end)\n"
        "print('swallowed', ok)\n"), LL_OK);
    assert_int_equal(f->res.status, LL_ELIMIT);
    assert_non_null(f->res.error);
    assert_string_equal(out_text(f), "");
}

/* Regression (was an engine bug): host_hook raises
 * luaL_error(L, "instruction limit exceeded (%ld)", ...) but
 * lua_pushfstring has no %ld, so the message users see is
 * "invalid option '%l' to 'lua_pushfstring'". The kill itself works
 * (status LL_ELIMIT). Register this test once host.c is fixed. */
static void
bug_instruction_limit_message(void **state)
{
    fixture *f = *state;

    f->opts.max_instructions = 200000;
    assert_int_equal(run(f, "while true do end\n"), LL_OK);
    assert_int_equal(f->res.status, LL_ELIMIT);
    assert_contains(f->res.error, "instruction limit exceeded");
    assert_null(strstr(f->res.error, "invalid option"));
}

static void
test_sandbox(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "print(type(io), type(os.execute), type(load), type(dofile),\n"
        "      type(debug))\n"
        "print(type(loadfile), type(string.dump), type(package),\n"
        "      type(os.exit), type(os.remove), type(os.getenv))\n"
        "print(string.format('%05.1f', 3.14159), table.concat({1, 2, 3}, ','),\n"
        "      math.floor(2.7), type(os.time()), type(os.clock()))\n"
        "print(require('aio') == aio, _G == _ENV)\n");
    assert_string_equal(out_text(f),
        "nil\tnil\tnil\tnil\tnil\n"
        "nil\tnil\tnil\tnil\tnil\tnil\n"
        "003.1\t1,2,3\t2\tnumber\tnumber\n"
        "true\ttrue\n");
}

/* Regression (was an engine bug): the sandbox's require() looks
 * in package.loaded first, where luaL_openlibs left the real io, os, debug,
 * package and _G, so any script (demo, exercise, lesson manifest) escapes
 * the allow list with require('os').execute, require('io').open,
 * require('debug'), require('_G').load. Register once host.c is fixed. */
static void
bug_sandbox_require_escape(void **state)
{
    fixture *f = *state;

    run_ok(f,
        "for _, m in ipairs({'io', 'os', 'debug', 'package', '_G'}) do\n"
        "  local ok, v = pcall(require, m)\n"
        "  print(m, ok)\n"
        "end\n");
    assert_string_equal(out_text(f),
                        "io\tfalse\nos\tfalse\ndebug\tfalse\n"
                        "package\tfalse\n_G\tfalse\n");
}

static void
test_syntax_error(void **state)
{
    fixture *f = *state;

    assert_int_equal(run(f, "print('a')\nlocal x = = 1\n"), LL_ESYNTAX);
    assert_non_null(f->res.error);
    assert_contains(f->res.error, "script.lua:2:");
    assert_string_equal(out_text(f), "");
}

static void
test_missing_file(void **state)
{
    fixture *f = *state;
    char *path = ll_asprintf("%s/nope.lua", f->dir);

    assert_int_equal(ll_run_file(path, &f->opts, f->trace, &f->out, &f->res),
                     LL_ENOENT);
    assert_non_null(f->res.error);
    assert_contains(f->res.error, "nope.lua");
    ll_free(path);
}

static void
test_knobs(void **state)
{
    fixture *f = *state;
    static const ll_knob_value knobs[] = { { "n", 4 }, { "speed", 0.5 } };

    f->opts.knobs = knobs;
    f->opts.nknobs = LL_COUNTOF(knobs);
    run_ok(f,
        "print(string.format('n=%g speed=%g', knobs.n, knobs.speed),\n"
        "      knobs.missing)\n"
        "aio.run(function()\n"
        "  local t = {}\n"
        "  for i = 1, knobs.n do t[i] = function() aio.sleep(i) end end\n"
        "  aio.gather(t)\n"
        "end)\n");
    assert_string_equal(out_text(f), "n=4 speed=0.5\tnil\n");
    assert_true(f->res.vtime == 4.0);
}

static void
test_null_trace_and_out(void **state)
{
    fixture *f = *state;

    tu_write(f->script,
             "aio.run(function() print('x'); aio.sleep(2) end)\n");
    assert_int_equal(ll_run_file(f->script, NULL, NULL, NULL, &f->res), LL_OK);
    assert_int_equal(f->res.status, LL_OK);
    assert_true(f->res.vtime == 2.0);
}

static void
test_seeded_runs_are_reproducible(void **state)
{
    fixture *f = *state;
    static const char src[] =
        "aio.run(function()\n"
        "  local order, fs = {}, {}\n"
        "  for i = 1, 8 do\n"
        "    fs[i] = function() aio.sleep(1); order[#order + 1] = i end\n"
        "  end\n"
        "  aio.gather(fs)\n"
        "  print(table.concat(order, ' '))\n"
        "end)\n";
    char *first;
    int differs = 0;
    uint64_t seed;

    for (seed = 1; seed <= 10; seed++) {
        f->opts.seed = seed;
        reset_out(f);
        run_ok(f, src);
        first = ll_strdup(out_text(f));
        reset_out(f);
        run_ok(f, src);
        assert_string_equal(out_text(f), first);
        if (strcmp(first, "1 2 3 4 5 6 7 8\n") != 0)
            differs = 1;
        ll_free(first);
    }
    assert_true(differs);
}

/* ---- scale ---- */

static void
test_hundred_thousand_tasks(void **state)
{
    fixture *f = *state;
    int64_t t0 = ll_mono_ns();

    /* d_i = ((i * 7919) mod N + 1) / 1000: a permutation of 1..N ms, so all
     * distinct, the largest 100 s. Each task checks it woke exactly at its
     * own deadline and after every earlier one. No trace: keep it light. */
    tu_write(f->script,
        "local N = 100000\n"
        "local done, bad, last, maxd = 0, 0, -1, 0\n"
        "aio.run(function()\n"
        "  local ts = {}\n"
        "  for i = 1, N do\n"
        "    local d = ((i * 7919) % N + 1) / 1000\n"
        "    if d > maxd then maxd = d end\n"
        "    ts[i] = aio.create_task(function()\n"
        "      aio.sleep(d)\n"
        "      local now = aio.now()\n"
        "      if math.abs(now - d) > 1e-9 or now <= last then bad = bad + 1 end\n"
        "      last = now\n"
        "      done = done + 1\n"
        "      return d\n"
        "    end)\n"
        "  end\n"
        "  local r = aio.gather(ts)\n"
        "  print(r.n, done, bad, maxd, r[N] == ((N * 7919) % N + 1) / 1000)\n"
        "end)\n");
    assert_int_equal(ll_run_file(f->script, &f->opts, NULL, &f->out, &f->res),
                     LL_OK);
    if (f->res.status != LL_OK)
        fail_msg("%s", f->res.error ? f->res.error : "failed");
    assert_string_equal(out_text(f), "100000\t100000\t0\t100.0\ttrue\n");
    assert_true(f->res.vtime == 100.0);
    /* Sanity bound only (ASan builds are slow); the test budget is 10 s. */
    assert_true(ll_mono_ns() - t0 < 60LL * LL_NS_PER_S);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_sequential_sleeps_add_up),
        T(test_gather_overlaps_and_keeps_argument_order),
        T(test_gather_alone_takes_longest),
        T(test_fifo_ties),
        T(test_sleep0_interleaves),
        T(test_sleep_returns_value_and_now),
        T(test_named_task_in_trace),
        T(test_gather_first_error_propagates_sibling_runs),
        T(test_gather_return_exceptions),
        T(test_cancel_sleeping_task),
        T(test_cancel_before_start_never_runs_body),
        T(test_cancel_caught_task_is_not_cancelled),
        T(test_deadlock),
        T(test_main_error_has_task_traceback),
        T(test_unretrieved_exception_warns),
        T(test_unretrieved_warnings_in_spawn_order),
        T(test_coroutine_yield_in_task_fails_it),
        T(test_plain_coroutines_inside_task_still_work),
        T(test_nested_run_errors),
        T(test_sleep_outside_task_errors),
        T(test_run_twice_sequentially),
        T(test_instruction_limit_not_swallowed),
        T(test_instruction_limit_top_level),
        T(test_sandbox),
        T(test_syntax_error),
        T(test_missing_file),
        T(test_knobs),
        T(test_null_trace_and_out),
        T(test_seeded_runs_are_reproducible),
        T(test_hundred_thousand_tasks),
        T(bug_instruction_limit_message),
        T(bug_sandbox_require_escape),
    };
#undef T
    return cmocka_run_group_tests_name("aio", tests, NULL, NULL);
}

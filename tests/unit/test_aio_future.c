/* SPDX-License-Identifier: MIT
 * tests/unit/test_aio_future.c -- Future, done callbacks, call_soon/later/at,
 * error objects, task cancel bookkeeping (engine/aio/aio_future.c,
 * aio_task.c, aio_error.c). Expected orders are CPython's: each comment
 * states the rule, with the CPython test it mirrors where there is one.
 */
#include "aio_fixture.h"

static void
test_future_result_and_waiters_fifo(void **state)
{
    fixture *f = *state;
    /* O5: waiters on one future resume in the order they started. */
    run_ok(f,
        "aio.run(function()\n"
        "  local fut = aio.Future()\n"
        "  print(fut:done(), fut:cancelled(), tostring(fut))\n"
        "  local ts = {}\n"
        "  for i = 1, 4 do\n"
        "    ts[i] = aio.create_task(function() local a, b = fut:await(); print(i, a, b) end)\n"
        "  end\n"
        "  aio.sleep(0)\n"
        "  fut:set_result('x', 2)\n"
        "  aio.gather(ts)\n"
        "  print(fut:result())\n"
        "  print(pcall(fut.set_result, fut, 1))\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "false\tfalse\t<Future pending>\n"
        "1\tx\t2\n2\tx\t2\n3\tx\t2\n4\tx\t2\n"
        "x\t2\n"
        "false\tInvalidStateError: invalid state\n");
}

static void
test_future_boolean_results(void **state)
{
    fixture *f = *state;
    /* true/false results are stored inline (AIO_REF_TRUE/FALSE): they must
     * come back as booleans through await, result(), gather and a second
     * read, and a nil result must stay distinct from false. */
    run_ok(f,
        "aio.run(function()\n"
        "  local t, fa, n = aio.Future(), aio.Future(), aio.Future()\n"
        "  local w = aio.create_task(function() return t:await() end)\n"
        "  aio.sleep(0)\n"
        "  t:set_result(true); fa:set_result(false); n:set_result(nil)\n"
        "  print(w:await(), t:result(), t:result(), fa:result(), n:result())\n"
        "  print(math.type(t:result()), type(fa:result()), type(n:result()))\n"
        "  local r = aio.gather({ t, fa, n })\n"
        "  print(r[1], r[2], r[3], fa:exception(), getmetatable(t) == getmetatable(fa))\n"
        "  print(pcall(t.set_result, t, false))\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "true\ttrue\ttrue\tfalse\tnil\n"
        "nil\tboolean\tnil\n"
        "true\tfalse\tnil\tnil\ttrue\n"
        "false\tInvalidStateError: invalid state\n");
}

static void
test_future_exception_and_cancel(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "aio.run(function()\n"
        "  local fut = aio.Future()\n"
        "  print(pcall(fut.result, fut))\n"
        "  fut:set_exception(aio.ValueError('bad'))\n"
        "  print(tostring(fut:exception()))\n"
        "  print(pcall(aio.await, fut))\n"
        "  local c = aio.Future()\n"
        "  local t = aio.create_task(function() return c:await() end)\n"
        "  aio.sleep(0)\n"
        "  print(c:cancel('stop'), c:cancel())\n"
        "  local ok, e = pcall(aio.await, t)\n"
        "  print(ok, tostring(e), t:cancelled(), c:cancelled())\n"
        "  print(pcall(c.exception, c))\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "false\tInvalidStateError: Result is not set.\n"
        "ValueError: bad\n"
        "false\tValueError: bad\n"
        "true\tfalse\n"
        "false\tCancelledError: stop\ttrue\ttrue\n"
        "false\tCancelledError: stop\n");
}

static void
test_cancel_task_cancels_awaited_future(void **state)
{
    fixture *f = *state;
    /* test_cancel_inner_future: the future the task awaits is cancelled. */
    run_ok(f,
        "aio.run(function()\n"
        "  local fut = aio.Future()\n"
        "  local t = aio.create_task(function() fut:await() end)\n"
        "  aio.sleep(0)\n"
        "  print(t:cancel(), t:cancelling())\n"
        "  print(fut:cancelled())\n"
        "  print(pcall(aio.await, t))\n"
        "  print(t:cancelled(), t:cancel())\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "true\t1\ntrue\nfalse\tCancelledError\ntrue\tfalse\n");
}

static void
test_inner_task_swallowing_cancel_lets_awaiter_continue(void **state)
{
    fixture *f = *state;
    /* CPython: cancelling the outer task cancels the awaited inner task;
     * the inner one catches it and returns, so the outer's await returns
     * that value and the outer is not cancelled (cancelling() stays 1). */
    run_ok(f,
        "aio.run(function()\n"
        "  local inner = aio.create_task(function()\n"
        "    local ok = pcall(aio.sleep, 10)\n"
        "    return 'inner caught ' .. tostring(not ok)\n"
        "  end)\n"
        "  local outer = aio.create_task(function()\n"
        "    local r = aio.await(inner)\n"
        "    print('outer got', r)\n"
        "    return 'outer done'\n"
        "  end)\n"
        "  aio.sleep(1)\n"
        "  outer:cancel()\n"
        "  print(aio.await(outer), outer:cancelled(), outer:cancelling())\n"
        "  print(string.format('%.1f', aio.now()))\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "outer got\tinner caught true\n"
        "outer done\tfalse\t1\n"
        "1.0\n");
}

static void
test_uncancel_and_self_cancel(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "aio.run(function()\n"
        "  local me = aio.current_task()\n"
        "  print(me:cancelling(), me:cancel(), me:cancel(), me:cancelling())\n"
        "  print(me:uncancel(), me:uncancel(), me:uncancel())\n"
        "  me:cancel('self')\n"
        "  local ok, e = pcall(aio.sleep, 1)\n"
        "  print(ok, tostring(e), aio.now())\n"
        "  print(me:get_name(), me:done())\n"
        "end)\n");
    /* uncancel() reaching 0 clears the pending cancel (3.13), so only the
     * second cancel('self') fires, after one loop turn, never sleeping. */
    assert_string_equal(out_text(f),
        "0\ttrue\ttrue\t2\n"
        "1\t0\t0\n"
        "false\tCancelledError: self\t0.0\n"
        "main\tfalse\n");
}

static void
test_call_soon_order(void **state)
{
    fixture *f = *state;
    /* O1 FIFO, O4 call_soon before an earlier call_later(0), negative
     * delays by deadline, a cancelled handle never runs. */
    run_ok(f,
        "aio.run(function()\n"
        "  local log = {}\n"
        "  local function add(x) log[#log + 1] = x end\n"
        "  aio.call_later(0, add, 'later0')\n"
        "  for i = 0, 2 do aio.call_soon(add, i) end\n"
        "  aio.call_soon(add, 'soon')\n"
        "  aio.call_later(-1, add, 'a')\n"
        "  aio.call_later(-2, add, 'b')\n"
        "  local h = aio.call_soon(add, 'never')\n"
        "  h:cancel()\n"
        "  local h2 = aio.call_at(aio.now() + 5, add, 'at5')\n"
        "  print(h:cancelled(), h2:when())\n"
        "  aio.sleep(6)\n"
        "  print(table.concat(log, ' '))\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "true\t5.0\n0 1 2 soon b a later0 at5\n");
}

static void
test_callback_error_is_reported_not_fatal(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "aio.run(function()\n"
        "  aio.call_soon(function() error('cb failed') end)\n"
        "  aio.sleep(0)\n"
        "  aio.sleep(0)\n"
        "  print('still running')\n"
        "end)\n");
    assert_string_equal(out_text(f), "still running\n");
    assert_true(find_ev(f->trace, 0, LL_EV_WARN, NULL,
                        "Exception in callback") >= 0);
}

static void
test_done_callbacks(void **state)
{
    fixture *f = *state;
    /* test_callbacks_invoked_on_set_result, test_remove_done_callback. */
    run_ok(f,
        "aio.run(function()\n"
        "  local fut = aio.Future()\n"
        "  local function a(x) print('a', x == fut) end\n"
        "  local function b() print('b') end\n"
        "  fut:add_done_callback(a)\n"
        "  fut:add_done_callback(b)\n"
        "  fut:add_done_callback(a)\n"
        "  print('removed', fut:remove_done_callback(a))\n"
        "  fut:set_result(1)\n"
        "  print('set')\n"
        "  aio.sleep(0)\n"
        "  local t = aio.create_task(function() return 5 end)\n"
        "  t:add_done_callback(function(tt) print('task cb', tt:result()) end)\n"
        "  aio.sleep(0)\n"
        "  aio.sleep(0)\n"
        "  fut:add_done_callback(b)\n"
        "  aio.sleep(0)\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "removed\t2\nset\nb\ntask cb\t5\nb\n");
}

static void
test_errors_are_constructors_and_kinds(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "local ok, e = pcall(error, aio.TimeoutError('slow'))\n"
        "print(ok, e.type, e.message, tostring(e))\n"
        "print(aio.iserror(e, aio.TimeoutError), aio.iserror(e, 'QueueFull'))\n"
        "print(aio.iserror(e, 'Exception'), aio.iserror(aio.CancelledError(), 'Exception'))\n"
        "print(aio.iserror('plain string'), aio.iserror(e), aio.is_cancelled(aio.CancelledError()))\n"
        "local g = aio.ExceptionGroup('many', {e, 'x'})\n"
        "print(tostring(g), #g.exceptions, aio.iserror(g, 'ExceptionGroup'), aio.iserror(g, 'TimeoutError'))\n"
        "local ok2, m = pcall(function() return ('nope')('x') end)\n"
        "print(ok2, (m:gsub('^.*:%d+: ', '')))\n"
        "for _, n in ipairs({'CancelledError','InvalidStateError','QueueEmpty','QueueShutDown',\n"
        "  'BrokenBarrierError','ValueError','RuntimeError'}) do assert(aio[n] == n) end\n"
        "print('ok')\n");
    assert_string_equal(out_text(f),
        "false\tTimeoutError\tslow\tTimeoutError: slow\n"
        "true\tfalse\n"
        "true\tfalse\n"
        "false\ttrue\ttrue\n"
        "ExceptionGroup: many (2 sub-exceptions)\t2\ttrue\tfalse\n"
        "false\tattempt to call a string value ('nope')\n"
        "ok\n");
}

static void
test_all_tasks_creation_order(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "aio.run(function()\n"
        "  local a = aio.create_task('a', aio.sleep, 1)\n"
        "  local b = aio.create_task('b', aio.sleep, 2)\n"
        "  local names = {}\n"
        "  for _, t in ipairs(aio.all_tasks()) do names[#names + 1] = t:get_name() end\n"
        "  print(table.concat(names, ' '))\n"
        "  aio.sleep(1.5)\n"
        "  print(#aio.all_tasks(), a:done(), b:done())\n"
        "end)\n");
    assert_string_equal(out_text(f), "main a b\n2\ttrue\tfalse\n");
}

static void
test_abandoned_task_warns_destroyed_pending(void **state)
{
    fixture *f = *state;
    /* A task that swallows every cancel outlives aio.run's shutdown. */
    run_ok(f,
        "aio.run(function()\n"
        "  aio.create_task('stubborn', function()\n"
        "    while true do pcall(aio.sleep, 1) end\n"
        "  end)\n"
        "  aio.sleep(0)\n"
        "end)\n"
        "print('after')\n");
    assert_string_equal(out_text(f), "after\n");
    assert_true(find_ev(f->trace, 0, LL_EV_WARN, "stubborn",
                        "Task was destroyed but it is pending!") >= 0);
}

static void
test_debug_slow_step_warning(void **state)
{
    fixture *f = *state;
    /* Any step is slower than a nanosecond of real time. */
    run_ok(f,
        "print(aio.get_debug())\n"
        "aio.set_debug(true, 1e-9)\n"
        "aio.run(function() local x = 0; for i = 1, 1000 do x = x + i end end)\n"
        "print(aio.get_debug())\n"
        "aio.set_debug(false)\n"
        "aio.run(function() end)\n");
    assert_string_equal(out_text(f), "false\ntrue\n");
    assert_true(find_ev(f->trace, 0, LL_EV_WARN, "main",
                        "Executing <Task main> took ") >= 0);
    assert_int_equal(count_ev(f->trace, LL_EV_WARN), 1);
}

static void
test_close_handlers_run_when_a_task_dies(void **state)
{
    fixture *f = *state;
    /* An error or a cancel kills the task's thread: its <close> variables
     * still run, once, after the traceback was taken. */
    run_ok(f,
        "local function guard(name)\n"
        "  return setmetatable({}, {__close = function(_, e) print('closed', name, e ~= nil) end})\n"
        "end\n"
        "aio.run(function()\n"
        "  local t = aio.create_task(function() local g <close> = guard('err'); aio.sleep(0); error('boom') end)\n"
        "  local c = aio.create_task(function() local g <close> = guard('cancel'); aio.sleep(5) end)\n"
        "  aio.sleep(1)\n"
        "  c:cancel()\n"
        "  print(pcall(aio.await, c))\n"
        "  local ok, e = pcall(aio.await, t)\n"
        "  print(ok, (tostring(e):gsub('^.-:%d+: ', '')))\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "closed\terr\ttrue\n"
        "closed\tcancel\ttrue\n"
        "false\tCancelledError\n"
        "false\tboom\n");
}

/* Issue 14: an error object whose __tostring itself errors (or returns no
 * string) used to unwind out of the engine while it finished the task, so
 * the run aborted on a task still pending. Every place the engine formats
 * an error calls __tostring protected: the object is kept, the text says
 * what happened. */
static void
test_error_object_with_failing_tostring(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "local bad = setmetatable({}, {__tostring = function() error('boom') end})\n"
        "local odd = setmetatable({}, {__tostring = function() return {} end})\n"
        "aio.run(function()\n"
        "  local t = aio.create_task(function() error(bad) end)\n"
        "  local ok, e = pcall(aio.await, aio.shield(t))\n"
        "  print(ok, rawequal(e, bad))\n"
        "  aio.create_task('lost', function() error(odd) end)\n"
        "  aio.call_soon(function() error(bad) end)\n"
        "  aio.sleep(0)\n"
        "  aio.sleep(0)\n"
        "  print('still running')\n"
        "end)\n");
    assert_string_equal(out_text(f), "false\ttrue\nstill running\n");
    assert_true(find_ev(f->trace, 0, LL_EV_ERROR, "lost",
                        "its __tostring failed") >= 0);
    assert_true(find_ev(f->trace, 0, LL_EV_WARN, NULL,
                        "Exception in callback") >= 0);

    reset_out(f);
    assert_int_equal(run(f,
        "aio.run(function()\n"
        "  error(setmetatable({}, {__tostring = function() error('boom') end}))\n"
        "end)\n"), LL_OK);
    assert_int_equal(f->res.status, LL_ERUNTIME);
    assert_non_null(f->res.error);
    assert_contains(f->res.error, "table value; its __tostring failed");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_future_result_and_waiters_fifo),
        T(test_future_boolean_results),
        T(test_future_exception_and_cancel),
        T(test_cancel_task_cancels_awaited_future),
        T(test_inner_task_swallowing_cancel_lets_awaiter_continue),
        T(test_uncancel_and_self_cancel),
        T(test_call_soon_order),
        T(test_callback_error_is_reported_not_fatal),
        T(test_done_callbacks),
        T(test_errors_are_constructors_and_kinds),
        T(test_all_tasks_creation_order),
        T(test_abandoned_task_warns_destroyed_pending),
        T(test_debug_slow_step_warning),
        T(test_close_handlers_run_when_a_task_dies),
        T(test_error_object_with_failing_tostring),
    };
#undef T
    return cmocka_run_group_tests_name("aio_future", tests, NULL, NULL);
}

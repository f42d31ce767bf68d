/* SPDX-License-Identifier: MIT
 * tests/unit/test_aio_combine.c -- wait, wait_for, timeout/timeout_at,
 * TaskGroup, shield, as_completed, gather cancellation
 * (engine/aio/combine.lua, aio_gather.c). Expected behaviour is
 * CPython 3.12's (where 3.11 differs, as in wait_for, aio copies 3.12).
 */
#include "aio_fixture.h"

static void
test_wait_modes(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "local function mk(d, fail)\n"
        "  return aio.create_task(function() aio.sleep(d); if fail then error(aio.ValueError('x')) end; return d end)\n"
        "end\n"
        "aio.run(function()\n"
        "  local a, b, c = mk(3), mk(1), mk(2)\n"
        "  local done, pending = aio.wait({a, b, c}, {return_when = aio.FIRST_COMPLETED})\n"
        "  print(#done, #pending, done[1] == b, pending[1] == a, aio.now())\n"
        "  local e1, e2 = mk(2, true), mk(5)\n"
        "  done, pending = aio.wait({e2, e1}, {return_when = 'FIRST_EXCEPTION'})\n"
        "  print(#done, #pending, done[1] == e1, aio.now())\n"
        "  done, pending = aio.wait({a, e2}, {timeout = 0.5})\n"
        "  print(#done, #pending, aio.now(), e2:done())\n"
        "  done, pending = aio.wait({a, c, e2})\n"
        "  print(#done, #pending, aio.now())\n"
        "  print(pcall(aio.wait, {}))\n"
        "  print(pcall(aio.wait, {a}, {return_when = 'SOMETIMES'}))\n"
        "  local ok, m = pcall(aio.wait, {function() end})\n"
        "  print(ok, tostring(m))\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "1\t2\ttrue\ttrue\t1.0\n"
        "1\t1\ttrue\t3.0\n"
        "1\t1\t3.5\tfalse\n"
        "3\t0\t6.0\n"
        "false\tValueError: Set of Tasks/Futures is empty.\n"
        "false\tValueError: Invalid return_when value: SOMETIMES\n"
        "false\tTypeError: Passing coroutines is forbidden, use tasks explicitly.\n");
}

static void
test_wait_for_semantics(void **state)
{
    fixture *f = *state;
    /* F1: on timeout the inner task is cancelled and wait_for waits for
     * its cleanup; F4: a swallowed cancel returns the value; F3: timeout
     * <= 0 never starts a function body; F5: cancelling the caller cancels
     * the inner task. */
    run_ok(f,
        "aio.run(function()\n"
        "  local inner = aio.create_task(function()\n"
        "    local ok, e = pcall(aio.sleep, 10)\n"
        "    print('inner cancelled at', aio.now()); aio.sleep(1); print('cleanup done', aio.now())\n"
        "    error(e, 0)\n"
        "  end)\n"
        "  local ok, e = pcall(aio.wait_for, inner, 2)\n"
        "  print(ok, tostring(e), aio.iserror(e.cause, 'CancelledError'), aio.now())\n"
        "  print(aio.wait_for(function() local ok = pcall(aio.sleep, 5); return 'swallowed' end, 1), aio.now())\n"
        "  print(pcall(aio.wait_for, function() print('never') end, 0))\n"
        "  print(aio.wait_for(function() aio.sleep(1); return 'fast' end, nil), aio.now())\n"
        "  local t2\n"
        "  local caller = aio.create_task(function()\n"
        "    t2 = aio.create_task(aio.sleep, 100)\n"
        "    return aio.wait_for(t2, 50)\n"
        "  end)\n"
        "  aio.sleep(1)\n"
        "  caller:cancel()\n"
        "  print(pcall(aio.await, caller))\n"
        "  print(t2:cancelled())\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "inner cancelled at\t2.0\ncleanup done\t3.0\n"
        "false\tTimeoutError\ttrue\t3.0\n"
        "swallowed\t4.0\n"
        "false\tTimeoutError\n"
        "fast\t5.0\n"
        "false\tCancelledError\n"
        "true\n");
}

static void
test_timeout_cm(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "aio.run(function()\n"
        "  local ok, e = pcall(aio.timeout, 1, function(cm)\n"
        "    print(cm:when(), cm:expired())\n"
        "    aio.sleep(5)\n"
        "  end)\n"
        "  print(ok, tostring(e), aio.now(), aio.current_task():cancelling())\n"
        "  local saved\n"
        "  print(aio.timeout(nil, function(cm) saved = cm; aio.sleep(2); cm:reschedule(aio.now() + 1); aio.sleep(0.5); return 'in time' end), aio.now())\n"
        "  print(saved:expired(), pcall(saved.reschedule, saved, 1))\n"
        "  -- nested: the inner one fires first and is the one that raises\n"
        "  local ok2, e2 = pcall(aio.timeout, 10, function()\n"
        "    local ok3, e3 = pcall(aio.timeout, 1, function() aio.sleep(3) end)\n"
        "    print('inner', ok3, tostring(e3), aio.now())\n"
        "    return 'outer survived'\n"
        "  end)\n"
        "  print(ok2, e2)\n"
        "  print(pcall(aio.timeout_at, aio.now() - 1, function() return 'no await, no timeout' end))\n"
        "  local ok4, e4 = pcall(aio.timeout, 1, function() error('own error') end)\n"
        "  print(ok4, (tostring(e4):gsub('^.-: ', '')))\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "1.0\tfalse\n"
        "false\tTimeoutError\t1.0\t0\n"
        "in time\t3.5\n"
        "false\tfalse\tRuntimeError: Cannot change state of exited Timeout\n"
        "inner\tfalse\tTimeoutError\t4.5\n"
        "true\touter survived\n"
        "true\tno await, no timeout\n"
        "false\town error\n");
}

static void
test_taskgroup(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "aio.run(function()\n"
        "  print(aio.TaskGroup(function(tg)\n"
        "    local a = tg:create_task('a', function() aio.sleep(1); return 1 end)\n"
        "    local b = tg:create_task(function() aio.sleep(2); return 2 end)\n"
        "    return 'body', a, b\n"
        "  end) == 'body', aio.now())\n"
        "  local sib\n"
        "  local ok, eg = pcall(aio.TaskGroup, function(tg)\n"
        "    tg:create_task(function() aio.sleep(1); error(aio.ValueError('one')) end)\n"
        "    tg:create_task(function() aio.sleep(1); error(aio.TimeoutError('two')) end)\n"
        "    sib = tg:create_task(function() aio.sleep(10) end)\n"
        "    aio.sleep(5)\n"
        "    print('body not reached')\n"
        "  end)\n"
        "  print(ok, tostring(eg), aio.iserror(eg, 'ExceptionGroup'), aio.now())\n"
        "  print(tostring(eg.exceptions[1]), tostring(eg.exceptions[2]), sib:cancelled())\n"
        "  print(aio.current_task():cancelling())\n"
        "  local ok2, e2 = pcall(aio.TaskGroup, function(tg)\n"
        "    tg:create_task(aio.sleep, 1)\n"
        "    error(aio.ValueError('body'))\n"
        "  end)\n"
        "  print(ok2, tostring(e2), tostring(e2.exceptions[1]))\n"
        "  local saved\n"
        "  aio.TaskGroup(function(tg) saved = tg end)\n"
        "  print(pcall(saved.create_task, saved, function() end))\n"
        "  -- an outside cancel of the parent propagates as CancelledError\n"
        "  local p = aio.create_task(function()\n"
        "    return aio.TaskGroup(function(tg) tg:create_task(aio.sleep, 10); aio.sleep(10) end)\n"
        "  end)\n"
        "  aio.sleep(1); p:cancel()\n"
        "  print(pcall(aio.await, p))\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "true\t2.0\n"
        "false\tExceptionGroup: unhandled errors in a TaskGroup (2 sub-exceptions)\ttrue\t3.0\n"
        "ValueError: one\tTimeoutError: two\ttrue\n"
        "0\n"
        "false\tExceptionGroup: unhandled errors in a TaskGroup (1 sub-exception)\tValueError: body\n"
        "false\tRuntimeError: TaskGroup is finished\n"
        "false\tCancelledError\n");
}

static void
test_shield(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "aio.run(function()\n"
        "  local inner = aio.create_task(function() aio.sleep(2); return 'kept' end)\n"
        "  local waiter = aio.create_task(function() return aio.await(aio.shield(inner)) end)\n"
        "  aio.sleep(1)\n"
        "  waiter:cancel()\n"
        "  print(pcall(aio.await, waiter))\n"
        "  print(inner:cancelled(), aio.await(inner), aio.now())\n"
        "  print(aio.shield(inner) == inner)\n"
        "  local i2 = aio.create_task(function() aio.sleep(1) end)\n"
        "  local s = aio.shield(i2)\n"
        "  i2:cancel()\n"
        "  print(pcall(aio.await, s))\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "false\tCancelledError\n"
        "false\tkept\t2.0\n"
        "true\n"
        "false\tCancelledError\n");
}

static void
test_as_completed(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "aio.run(function()\n"
        "  local ts = {}\n"
        "  for i, d in ipairs({3, 1, 2}) do ts[i] = aio.create_task(function() aio.sleep(d); return d end) end\n"
        "  local got = {}\n"
        "  for aw in aio.as_completed(ts) do got[#got + 1] = aio.await(aw) .. '@' .. aio.now() end\n"
        "  print(table.concat(got, ' '))\n"
        "  local slow = aio.create_task(aio.sleep, 10)\n"
        "  local fast = aio.create_task(function() aio.sleep(1); return 'f' end)\n"
        "  local res = {}\n"
        "  for aw in aio.as_completed({slow, fast}, {timeout = 2}) do\n"
        "    local ok, v = pcall(aio.await, aw)\n"
        "    res[#res + 1] = ok and v or tostring(v)\n"
        "  end\n"
        "  print(table.concat(res, ' '), aio.now())\n"
        "end)\n");
    assert_string_equal(out_text(f), "1@1.0 2@2.0 3@3.0\nf TimeoutError\t5.0\n");
}

static void
test_gather_cancel_broadcast(void **state)
{
    fixture *f = *state;
    /* G4: cancelling the task awaiting gather cancels the children and
     * raises CancelledError even with return_exceptions. */
    run_ok(f,
        "aio.run(function()\n"
        "  local kids = {}\n"
        "  local g = aio.create_task(function()\n"
        "    return aio.gather({\n"
        "      function() local ok, e = pcall(aio.sleep, 5); print('kid1', tostring(e)); error(e, 0) end,\n"
        "      function() aio.sleep(5) end,\n"
        "    }, {return_exceptions = true})\n"
        "  end)\n"
        "  aio.sleep(1)\n"
        "  g:cancel('stop')\n"
        "  print(pcall(aio.await, g))\n"
        "  print(g:cancelled(), aio.now())\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "kid1\tCancelledError: stop\n"
        "false\tCancelledError: stop\n"
        "true\t1.0\n");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_wait_modes),
        T(test_wait_for_semantics),
        T(test_timeout_cm),
        T(test_taskgroup),
        T(test_shield),
        T(test_as_completed),
        T(test_gather_cancel_broadcast),
    };
#undef T
    return cmocka_run_group_tests_name("aio_combine", tests, NULL, NULL);
}

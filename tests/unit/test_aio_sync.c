/* SPDX-License-Identifier: MIT
 * tests/unit/test_aio_sync.c -- Lock, Event, Condition, Semaphore,
 * BoundedSemaphore, Barrier, Queue/PriorityQueue/LifoQueue and their trace
 * events (engine/aio/aio_sync.c, aio_queue.c, aio/sync.lua). Orders are
 * CPython's (what its test_locks.py / test_queues.py pin down); the
 * Lua-vs-CPython cases in tests/diff cover the cancellation races.
 */
#include "aio_fixture.h"

static void
test_lock_fifo_and_with(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "aio.run(function()\n"
        "  local lock = aio.Lock()\n"
        "  local log = {}\n"
        "  local function w(i)\n"
        "    return lock:with(function() log[#log + 1] = i; aio.sleep(1); return i * 10 end)\n"
        "  end\n"
        "  local r = aio.gather({function() return w(1) end, function() return w(2) end,\n"
        "                       function() return w(3) end})\n"
        "  print(table.concat(log, ' '), table.concat(r, ' '), aio.now(), lock:locked())\n"
        "  print(pcall(lock.release, lock))\n"
        "  local ok, e = pcall(lock.with, lock, function() error('inside') end)\n"
        "  print(ok, lock:locked())\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "1 2 3\t10 20 30\t3.0\tfalse\n"
        "false\tRuntimeError: Lock is not acquired.\n"
        "false\tfalse\n");
    assert_true(find_ev(f->trace, 0, LL_EV_LOCK_WAIT, NULL, "Lock-") >= 0);
    assert_true(find_ev(f->trace, 0, LL_EV_LOCK_ACQUIRE, NULL, "Lock-") >= 0);
    assert_true(find_ev(f->trace, 0, LL_EV_LOCK_RELEASE, NULL, "Lock-") >= 0);
}

static void
test_lock_cancelled_waiter_passes_lock_on(void **state)
{
    fixture *f = *state;
    /* test_acquire_cancel / test_cancel_release_race: a cancelled waiter
     * never takes the lock and the next waiter gets it. */
    run_ok(f,
        "aio.run(function()\n"
        "  local lock = aio.Lock()\n"
        "  lock:acquire()\n"
        "  local a = aio.create_task(function() lock:acquire(); print('a got it') end)\n"
        "  local b = aio.create_task(function() lock:acquire(); print('b got it'); lock:release() end)\n"
        "  aio.sleep(0)\n"
        "  a:cancel()\n"
        "  lock:release()\n"
        "  aio.sleep(0); aio.sleep(0); aio.sleep(0)\n"
        "  print(a:cancelled(), b:done(), lock:locked())\n"
        "end)\n");
    assert_string_equal(out_text(f), "b got it\ntrue\ttrue\tfalse\n");
}

static void
test_event(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "aio.run(function()\n"
        "  local ev = aio.Event()\n"
        "  local ts = {}\n"
        "  for i = 1, 3 do ts[i] = aio.create_task(function() print('wait', i, ev:wait()) end) end\n"
        "  aio.sleep(1)\n"
        "  print(ev:is_set())\n"
        "  ev:set(); ev:clear()\n"
        "  aio.gather(ts)\n"
        "  print(ev:is_set(), aio.now())\n"
        "  local t = aio.create_task(function() return ev:wait() end)\n"
        "  aio.sleep(0)\n"
        "  t:cancel()\n"
        "  print(pcall(aio.await, t))\n"
        "  ev:set()\n"
        "  print(ev:_nwaiters())\n"
        "end)\n");
    /* test_clear_with_waiters: waiters woken by set() stay woken even if
     * clear() runs before they resume. */
    assert_string_equal(out_text(f),
        "false\nwait\t1\ttrue\nwait\t2\ttrue\nwait\t3\ttrue\n"
        "false\t1.0\nfalse\tCancelledError\n0\n");
}

static void
test_condition(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "aio.run(function()\n"
        "  local c = aio.Condition()\n"
        "  local items = {}\n"
        "  local function consumer(i)\n"
        "    c:with(function()\n"
        "      c:wait_for(function() return #items > 0 end)\n"
        "      print('consumer', i, table.remove(items, 1))\n"
        "    end)\n"
        "  end\n"
        "  local ts = {aio.create_task(consumer, 1), aio.create_task(consumer, 2)}\n"
        "  aio.sleep(1)\n"
        "  print(pcall(c.notify, c))\n"
        "  c:with(function() items = {'x', 'y'}; c:notify(1) end)\n"
        "  aio.sleep(0); aio.sleep(0)\n"
        "  c:with(function() c:notify_all() end)\n"
        "  aio.gather(ts)\n"
        "  print(c:locked(), pcall(c.wait, c))\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "false\tRuntimeError: cannot notify on un-acquired lock\n"
        "consumer\t1\tx\nconsumer\t2\ty\n"
        "false\tfalse\tRuntimeError: cannot wait on un-acquired lock\n");
}

static void
test_semaphore_bounds_concurrency(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "aio.run(function()\n"
        "  local sem = aio.Semaphore(2)\n"
        "  local cur, max, order = 0, 0, {}\n"
        "  local kids = {}\n"
        "  for i = 1, 5 do kids[i] = function()\n"
        "    sem:with(function()\n"
        "      cur = cur + 1; max = math.max(max, cur); order[#order + 1] = i\n"
        "      aio.sleep(1); cur = cur - 1\n"
        "    end)\n"
        "  end end\n"
        "  aio.gather(kids)\n"
        "  print(max, table.concat(order, ' '), aio.now(), sem:locked())\n"
        "  local b = aio.BoundedSemaphore(1)\n"
        "  print(pcall(b.release, b))\n"
        "  print(pcall(aio.Semaphore, -1))\n"
        "  local z = aio.Semaphore(0)\n"
        "  print(z:locked())\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "2\t1 2 3 4 5\t3.0\tfalse\n"
        "false\tValueError: BoundedSemaphore released too many times\n"
        "false\tValueError: Semaphore initial value must be >= 0\n"
        "true\n");
}

static void
test_barrier(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "aio.run(function()\n"
        "  local b = aio.Barrier(3)\n"
        "  print(b.parties, b:n_waiting(), b:broken())\n"
        "  local kids = {}\n"
        "  for i = 1, 3 do kids[i] = function() aio.sleep(i); return b:wait(), aio.now() end end\n"
        "  local r = aio.gather(kids)\n"
        "  print(r[1], r[2], r[3], aio.now())\n"
        "  local w = aio.create_task(function() return b:wait() end)\n"
        "  aio.sleep(0)\n"
        "  print(b:n_waiting())\n"
        "  b:abort()\n"
        "  print(pcall(aio.await, w))\n"
        "  print(b:broken(), pcall(b.wait, b))\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "3\t0\tfalse\n"
        "0\t1\t2\t3.0\n"
        "1\n"
        "false\tBrokenBarrierError: Abort or reset of barrier\n"
        "true\tfalse\tBrokenBarrierError: Barrier aborted\n");
}

static void
test_queue_basics(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "aio.run(function()\n"
        "  local q = aio.Queue(2)\n"
        "  print(q.maxsize, q:empty(), q:full(), q:qsize())\n"
        "  q:put_nowait('a'); q:put_nowait('b')\n"
        "  print(q:full(), pcall(q.put_nowait, q, 'c'))\n"
        "  local p = aio.create_task(function() q:put('c'); print('put c at', aio.now()) end)\n"
        "  aio.sleep(1)\n"
        "  print(q:get_nowait(), aio.now())\n"
        "  aio.sleep(0)\n"
        "  print(q:get(), q:get(), q:qsize())\n"
        "  print(pcall(q.get_nowait, q))\n"
        "  local g = aio.create_task(function() return q:get() end)\n"
        "  aio.sleep(2)\n"
        "  q:put('late')\n"
        "  print(aio.await(g), aio.now())\n"
        "  print(pcall(q.task_done, q))\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "2\ttrue\tfalse\t0\n"
        "true\tfalse\tQueueFull\n"
        "a\t1.0\n"
        "put c at\t1.0\n"
        "b\tc\t0\n"
        "false\tQueueEmpty\n"
        "late\t3.0\n"
        "true\n");
    assert_true(find_ev(f->trace, 0, LL_EV_QUEUE_PUT, NULL, "Queue-1 size=1")
                >= 0);
    assert_true(find_ev(f->trace, 0, LL_EV_QUEUE_GET, NULL, "Queue-1 size=")
                >= 0);
}

static void
test_queue_join_and_shutdown(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "aio.run(function()\n"
        "  local q = aio.Queue()\n"
        "  for i = 1, 3 do q:put_nowait(i) end\n"
        "  local w = aio.create_task(function()\n"
        "    while true do\n"
        "      local ok, v = pcall(q.get, q)\n"
        "      if not ok then print('worker', tostring(v)); return end\n"
        "      aio.sleep(1); q:task_done()\n"
        "    end\n"
        "  end)\n"
        "  q:join()\n"
        "  print('joined', aio.now())\n"
        "  q:shutdown()\n"
        "  aio.await(w)\n"
        "  print(pcall(q.put_nowait, q, 1))\n"
        "  local q2 = aio.Queue()\n"
        "  q2:put_nowait('x'); q2:put_nowait('y')\n"
        "  local j = aio.create_task(function() q2:join(); return 'join done' end)\n"
        "  aio.sleep(0)\n"
        "  q2:shutdown(true)\n"
        "  print(q2:qsize(), aio.await(j))\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "joined\t3.0\n"
        "worker\tQueueShutDown\n"
        "false\tQueueShutDown\n"
        "0\tjoin done\n");
}

static void
test_priority_and_lifo(void **state)
{
    fixture *f = *state;
    run_ok(f,
        "aio.run(function()\n"
        "  local pq = aio.PriorityQueue()\n"
        "  pq:put_nowait(3, 'c'); pq:put_nowait(1, 'a1'); pq:put(2, 'b'); pq:put_nowait(1, 'a2')\n"
        "  local out = {}\n"
        "  while not pq:empty() do local p, v = pq:get(); out[#out + 1] = p .. v end\n"
        "  print(table.concat(out, ' '))\n"
        "  local lq = aio.LifoQueue()\n"
        "  for i = 1, 3 do lq:put_nowait(i) end\n"
        "  print(lq:get_nowait(), lq:get_nowait(), lq:get_nowait())\n"
        "end)\n");
    assert_string_equal(out_text(f), "1a1 1a2 2b 3c\n3\t2\t1\n");
}

static void
test_queue_cancelled_getter_does_not_eat_items(void **state)
{
    fixture *f = *state;
    /* test_cancelled_getters_not_being_held_in_self_getters /
     * test_get_cancelled_race: a cancelled get() leaves the item for the
     * next getter. */
    run_ok(f,
        "aio.run(function()\n"
        "  local q = aio.Queue()\n"
        "  local g1 = aio.create_task(function() return q:get() end)\n"
        "  local g2 = aio.create_task(function() return q:get() end)\n"
        "  aio.sleep(0)\n"
        "  g1:cancel()\n"
        "  q:put_nowait('item')\n"
        "  print(pcall(aio.await, g1))\n"
        "  print(aio.await(g2), q:qsize(), q:_ngetters())\n"
        "end)\n");
    assert_string_equal(out_text(f), "false\tCancelledError\nitem\t0\t0\n");
}

static void
test_queue_ring_wraps_and_grows(void **state)
{
    fixture *f = *state;
    /* The FIFO ring (aio_queue.c) grows while wrapped: order must hold. */
    run_ok(f,
        "aio.run(function()\n"
        "  local q = aio.Queue()\n"
        "  local out, nxt = {}, 0\n"
        "  for round = 1, 6 do\n"
        "    for _ = 1, 5 * round do nxt = nxt + 1; q:put_nowait(nxt) end\n"
        "    for _ = 1, 3 * round do out[#out + 1] = q:get_nowait() end\n"
        "  end\n"
        "  while not q:empty() do out[#out + 1] = q:get_nowait() end\n"
        "  local ok = #out == nxt\n"
        "  for i = 1, #out do if out[i] ~= i then ok = false end end\n"
        "  print(ok, nxt, q:qsize(), q.maxsize)\n"
        "  q:put_nowait(nil); q:put_nowait(false)\n"
        "  print(q:qsize(), q:get_nowait(), q:get_nowait())\n"
        "  print(aio.Queue(2.5).maxsize, tostring(aio.LifoQueue(3)):match('^<LifoQueue%-%d+ maxsize=3 qsize=0>$') ~= nil)\n"
        "end)\n");
    assert_string_equal(out_text(f), "true\t105\t0\t0\n2\tnil\tfalse\n"
                                     "2.5\ttrue\n");
}

static void
test_sync_misuse_is_named(void **state)
{
    fixture *f = *state;
    /* Methods check self; a wrong object or a call outside a task is
     * named, and with() releases when the body fails or yields. */
    run_ok(f,
        "local ev, lock = aio.Event(), aio.Lock()\n"
        "print(select(2, pcall(lock.acquire, ev)):match('Lock expected') ~= nil)\n"
        "print(select(2, pcall(aio.Queue().get, lock)):match('Queue expected') ~= nil)\n"
        "print(select(2, pcall(aio.Semaphore, -1)).message, select(2, pcall(aio.Semaphore, 1.5)).type)\n"
        "print(select(2, pcall(ev.wait, ev)):match('inside a task') ~= nil)\n"
        "aio.run(function()\n"
        "  local sem = aio.BoundedSemaphore(2)\n"
        "  local r = {sem:with(function(a, b) aio.sleep(1); return a + b, 'x' end, 1, 2)}\n"
        "  print(r[1], r[2], #r, sem:locked(), tostring(sem))\n"
        "  print(pcall(sem.with, sem, function() aio.sleep(0); error('boom', 0) end))\n"
        "  print(sem:locked(), select(2, pcall(sem.release, sem)).message)\n"
        "end)\n");
    assert_string_equal(out_text(f),
        "true\ntrue\nSemaphore initial value must be >= 0\tValueError\ntrue\n"
        "3\tx\t2\tfalse\t<BoundedSemaphore value:2 waiters:0>\n"
        "false\tboom\n"
        "false\tBoundedSemaphore released too many times\n");
}

static void
test_deadlock_names_each_wait(void **state)
{
    fixture *f = *state;
    /* The deadlock report says what each task waits on in the C
     * primitives, and where in the script. */
    assert_int_equal(run(f,
        "aio.run(function()\n"
        "  local lock, q, ev, jq = aio.Lock(), aio.Queue(1), aio.Event(), aio.Queue()\n"
        "  lock:acquire(); jq:put_nowait(1)\n"
        "  local ts = {aio.create_task(function() lock:with(print) end),\n"
        "              aio.create_task(function() q:put(1); q:put(2) end),\n"
        "              aio.create_task(function() ev:wait() end),\n"
        "              aio.create_task(function() jq:join() end),\n"
        "              aio.create_task(function() aio.Queue():get() end)}\n"
        "  print(tostring(ev), tostring(lock))\n"
        "  aio.gather(ts)\n"
        "end)\n"), LL_OK);
    assert_int_equal(f->res.status, LL_EDEADLK);
    assert_string_equal(out_text(f), "<Event unset waiters:0>\t<Lock locked>\n");
    assert_contains(f->res.error, "Task-2: waiting on Lock.acquire at /");
    assert_contains(f->res.error, "/script.lua:4\n  - ");
    assert_contains(f->res.error, "Task-3: waiting on Queue.put at /");
    assert_contains(f->res.error, "/script.lua:5\n  - ");
    assert_contains(f->res.error, "Task-4: waiting on Event.wait at /");
    assert_contains(f->res.error, "/script.lua:6\n  - ");
    assert_contains(f->res.error, "Task-5: waiting on Queue.join at /");
    assert_contains(f->res.error, "/script.lua:7\n  - ");
    assert_contains(f->res.error, "Task-6: waiting on Queue.get at /");
    assert_contains(f->res.error, "/script.lua:8\nstack");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_lock_fifo_and_with),
        T(test_lock_cancelled_waiter_passes_lock_on),
        T(test_event),
        T(test_condition),
        T(test_semaphore_bounds_concurrency),
        T(test_barrier),
        T(test_queue_basics),
        T(test_queue_join_and_shutdown),
        T(test_priority_and_lifo),
        T(test_queue_cancelled_getter_does_not_eat_items),
        T(test_queue_ring_wraps_and_grows),
        T(test_sync_misuse_is_named),
        T(test_deadlock_names_each_wait),
    };
#undef T
    return cmocka_run_group_tests_name("aio_sync", tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT
 * tests/unit/test_threads.c -- the `threads` Lua module (mod_threads.c,
 * threads_*.c, futures.c, serial.c) through ll_run_file.
 *
 * Structural assertions only: which workers ran, whether intervals
 * overlapped (jobs held at a Barrier must), lost updates > 0 without a lock
 * and exactly 0 with one, exact error messages. Never wall speed. After
 * each test the process must be back to one thread (no worker leaked).
 */
#include "testutil.h"
#include "engine/lua/run.h"
#include "engine/trace.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fixture {
    char         *dir;
    char         *script;
    ll_trace     *trace;
    ll_buf        out;
    ll_run_result res;
    ll_run_opts   opts;
    int           threads_before;  /* TSan adds a thread of its own */
} fixture;

static int
os_threads(void)
{
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    int n = 0;
    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

static int
setup(void **state)
{
    fixture *f = ll_calloc(1, sizeof *f);
    assert_non_null(f);
    f->dir = tu_tmpdir();
    f->script = ll_asprintf("%s/script.lua", f->dir);
    assert_int_equal(ll_trace_new(&f->trace), LL_OK);
    ll_buf_init(&f->out);
    f->opts.clock = LL_CLOCK_VIRTUAL;
    f->threads_before = os_threads();
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    fixture *f = *state;
    /* every worker thread was joined when the state closed */
    assert_int_equal(os_threads(), f->threads_before);
    ll_run_result_close(&f->res);
    ll_buf_close(&f->out);
    ll_trace_free(f->trace);
    tu_rmtree(f->dir);
    ll_free(f->dir);
    ll_free(f->script);
    ll_free(f);
    return 0;
}

/* The output with "<tmpdir>/" removed, so messages read "script.lua:3:". */
static const char *
out_text(fixture *f)
{
    char *p;
    size_t n;
    if (f->out.data == NULL)
        return "";
    n = strlen(f->dir);
    while ((p = strstr(f->out.data, f->dir)) != NULL && p[n] == '/') {
        memmove(p, p + n + 1, strlen(p + n + 1) + 1);
        f->out.len -= n + 1;
    }
    return f->out.data;
}

static void
run_ok(fixture *f, const char *src)
{
    tu_write(f->script, src);
    assert_int_equal(ll_run_file(f->script, &f->opts, f->trace, &f->out,
                                 &f->res), LL_OK);
    if (f->res.status != LL_OK)
        fail_msg("script failed (%s): %s\noutput so far:\n%s",
                 ll_errname(f->res.status),
                 f->res.error ? f->res.error : "(no message)", out_text(f));
}

static void
assert_contains(const char *hay, const char *needle)
{
    if (hay == NULL || strstr(hay, needle) == NULL)
        fail_msg("expected to find \"%s\" in:\n%s", needle, hay ? hay : "(null)");
}

static size_t
count_ev(const ll_trace *tr, ll_ev_kind kind, int *distinct_workers)
{
    size_t i, n = 0;
    int seen[64], nseen = 0, k;
    for (i = 0; i < ll_trace_count(tr); i++) {
        const ll_event *e = ll_trace_get(tr, i);
        if (e->kind != kind)
            continue;
        n++;
        for (k = 0; k < nseen && seen[k] != e->worker; k++)
            ;
        if (k == nseen && nseen < 64)
            seen[nseen++] = e->worker;
    }
    if (distinct_workers != NULL)
        *distinct_workers = nseen;
    return n;
}

#define PRELUDE "local threads = require('threads')\n"

static void
test_executor_results_map_and_errors(void **state)
{
    fixture *f = *state;
    run_ok(f, PRELUDE
        "local ex = threads.ThreadPoolExecutor(3)\n"
        "local fs = {}\n"
        "for i = 1, 6 do fs[i] = ex:submit(function(x) return x * x, 'ok' end, i) end\n"
        "for i = 1, 6 do local a, b = fs[i]:result(); io_ = nil; print(i, a, b) end\n"
        "local t = {}\n"
        "for i, v in ex:map(function(a, b) return a .. b end, {'a', 'b', 'c'}, {1, 2}) do\n"
        "  t[#t + 1] = i .. '=' .. v\n"
        "end\n"
        "print(table.concat(t, ' '))\n"
        "local bad = ex:submit(function() error('boom') end)\n"
        "print(pcall(bad.result, bad))\n"
        "print(bad:exception(), bad:done(), bad:cancelled())\n"
        "local tbl = ex:submit(function() error({code = 7}) end)\n"
        "print(tbl:exception().code)\n"
        "ex:shutdown()\n"
        "print(pcall(ex.submit, ex, function() end))\n");
    assert_string_equal(out_text(f),
        "1\t1\tok\n2\t4\tok\n3\t9\tok\n4\t16\tok\n5\t25\tok\n6\t36\tok\n"
        "1=a1 2=b2\n"
        "false\tscript.lua:11: boom\n"
        "script.lua:11: boom\ttrue\tfalse\n"
        "7\n"
        "false\tcannot schedule new futures after shutdown\n");
}

/* A timed wait that runs out says TimeoutError even when, in its last
 * look, another job's completion is collected: that is not this one. */
static void
test_timed_wait_is_about_its_own_job(void **state)
{
    fixture *f = *state;
    run_ok(f, PRELUDE
        "local ex = threads.ThreadPoolExecutor(2)\n"
        "local go, ran = threads.Event(), threads.Event()\n"
        "local slow = ex:submit(function() go:wait() return 'slow' end)\n"
        "local quick = ex:submit(function() ran:set() return 'quick' end)\n"
        "ran:wait()\n"
        "threads.sleep(0.05)   -- quick is finished but not yet collected\n"
        "local ok, err = pcall(slow.result, slow, 0)\n"
        "print(ok, (tostring(err):gsub(' after .*', '')))\n"
        "ok, err = pcall(slow.exception, slow, 0)\n"
        "print(ok, (tostring(err):gsub(' after .*', '')))\n"
        "print(slow:done(), quick:done())\n"
        "go:set()\n"
        "print(slow:result(), quick:result())\n"
        "ex:shutdown()\n");
    assert_string_equal(out_text(f),
        "false\tTimeoutError: the future is not done\n"
        "false\tTimeoutError: the future is not done\n"
        "false\ttrue\n"
        "slow\tquick\n");
}

/* Four jobs meet at a Barrier(4): they can only pass if four workers run
 * them at the same time, so workers are distinct and intervals overlap. */
static void
test_distinct_workers_overlapping_intervals(void **state)
{
    fixture *f = *state;
    int workers = 0;
    run_ok(f, PRELUDE
        "for _, gil in ipairs({true, false}) do\n"
        "  local ex = threads.ThreadPoolExecutor{max_workers = 4, gil = gil}\n"
        "  local b = threads.Barrier(4)\n"
        "  local fs = {}\n"
        "  for i = 1, 4 do fs[i] = ex:submit(function() return b:wait(), threads.get_ident() end) end\n"
        "  local ids, idx, w = {}, {}, {}\n"
        "  for i = 1, 4 do\n"
        "    local arrival, ident = fs[i]:result()\n"
        "    idx[arrival] = true\n"
        "    ids[ident] = true\n"
        "    local wid, t0, t1 = fs[i]:worker()\n"
        "    assert(wid == ident, 'worker id matches get_ident')\n"
        "    w[i] = {t0, t1}\n"
        "  end\n"
        "  local n = 0 for _ in pairs(ids) do n = n + 1 end\n"
        "  local latest_start, earliest_end = 0, math.huge\n"
        "  for i = 1, 4 do\n"
        "    latest_start = math.max(latest_start, w[i][1])\n"
        "    earliest_end = math.min(earliest_end, w[i][2])\n"
        "  end\n"
        "  print(gil, n, idx[0] and idx[1] and idx[2] and idx[3], latest_start < earliest_end)\n"
        "  ex:shutdown()\n"
        "end\n");
    assert_string_equal(out_text(f), "true\t4\ttrue\ttrue\nfalse\t4\ttrue\ttrue\n");
    /* the trace has a job row per worker */
    assert_int_equal(count_ev(f->trace, LL_EV_JOB_SUBMIT, NULL), 8);
    assert_int_equal(count_ev(f->trace, LL_EV_JOB_START, &workers), 8);
    assert_int_equal(workers, 8);
    assert_int_equal(count_ev(f->trace, LL_EV_JOB_END, NULL), 8);
}

/* L3.1: an unlocked read-modify-write on a shared Value loses updates on
 * every run at default settings; the locked one never does. */
static void
test_lost_updates_unlocked_none_locked(void **state)
{
    fixture *f = *state;
    run_ok(f, PRELUDE
        "local function helper(x) local y = x for i = 1, 5 do y = y + 0 end return y end\n"
        /* all four threads check in before the loop, so they are all in
         * the GIL queue however late the OS starts them */
        "local function bump(v, lock, n, mode, ready)\n"
        "  ready:add(1)\n"
        "  while ready:get() < 4 do threads.yield() end\n"
        "  for k = 1, n do\n"
        "    if mode == 'locked' then lock:acquire() end\n"
        "    local x = v:get()\n"
        "    if mode == 'yield' then threads.yield() else x = helper(x) end\n"
        "    v:set(x + 1)\n"
        "    if mode == 'locked' then lock:release() end\n"
        "  end\n"
        "end\n"
        "local function run(mode, gil)\n"
        "  local v, lock, ts, ready = threads.Value(0), threads.Lock(), {}, threads.Value(0)\n"
        "  for i = 1, 4 do\n"
        "    ts[i] = threads.Thread{target = bump, args = {v, lock, 20000, mode, ready}, gil = gil}\n"
        "    ts[i]:start()\n"
        "  end\n"
        "  for i = 1, 4 do ts[i]:join() end\n"
        "  return 80000 - v.value\n"
        "end\n"
        "print('yield lost > 0', run('yield') > 0)\n"
        "print('helper lost > 0', run('helper') > 0)\n"
        "print('locked lost', run('locked'))\n"
        "print('free-threaded locked lost', run('locked', false))\n"
        "print('atomic add', (function()\n"
        "  local v, ts = threads.Value(0), {}\n"
        "  for i = 1, 4 do ts[i] = threads.Thread(function(v) for k = 1, 5000 do v:add(1) end end, v); ts[i]:start() end\n"
        "  for i = 1, 4 do ts[i]:join() end\n"
        "  return v.value end)())\n");
    assert_string_equal(out_text(f),
        "yield lost > 0\ttrue\n"
        "helper lost > 0\ttrue\n"
        "locked lost\t0\n"
        "free-threaded locked lost\t0\n"
        "atomic add\t20000\n");
}

static void
test_serialisation_errors_name_the_path(void **state)
{
    fixture *f = *state;
    run_ok(f, PRELUDE
        "local ex = threads.ThreadPoolExecutor(1)\n"
        "local conn = coroutine.create(function() end)\n"
        "local function handler() return conn end\n"
        "local id = function(...) return ... end\n"
        "print(select(2, pcall(ex.submit, ex, id, 1, {handler = handler})))\n"
        "print(select(2, pcall(ex.submit, ex, id, {co = conn})))\n"
        "local cfg = {deep = {list = {1, 2, conn}}}\n"
        "local function use() return cfg end\n"
        "print(select(2, pcall(ex.submit, ex, use)))\n"
        "print(select(2, pcall(ex.submit, ex, id, {[{}] = 1})))\n"
        "print(select(2, pcall(ex.submit, ex, id, {['a b'] = conn})))\n"
        "print(select(2, pcall(ex.submit, ex, function() return conn end)))\n"
        "local fut = ex:submit(function() return coroutine.create(print) end)\n"
        "print(select(2, pcall(fut.result, fut)))\n"
        "ex:shutdown()\n");
    assert_string_equal(out_text(f),
        "args[2].handler: function with upvalue 'conn' cannot be sent to a "
        "worker thread (conn: a coroutine)\n"
        "args[1].co: a coroutine cannot be sent to a worker thread\n"
        "fn: function with upvalue 'cfg' cannot be sent to a worker thread "
        "(cfg.deep.list[3]: a coroutine)\n"
        "args[1][<table>]: a non-scalar table key cannot be sent to a worker thread\n"
        "args[1][\"a b\"]: a coroutine cannot be sent to a worker thread\n"
        "fn: function with upvalue 'conn' cannot be sent to a worker thread "
        "(conn: a coroutine)\n"
        "cannot send the result back: result[1]: a coroutine cannot be sent "
        "to a worker\n");
}

static void
test_values_cross_by_copy(void **state)
{
    fixture *f = *state;
    run_ok(f, PRELUDE
        "local ex = threads.ThreadPoolExecutor(1)\n"
        "local t = {1, 2, x = {y = 'z'}, 3.5, true}\n"
        "t.self = t\n"
        "t.shared1 = t.x\n"
        "t.shared2 = t.x\n"
        "setmetatable(t, {__index = function(_, k) return 'meta ' .. k end})\n"
        "local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end\n"
        "local r = ex:submit(function(a)\n"
        "  a.x.y = 'changed in worker'\n"
        "  return a.self == a, a.shared1 == a.shared2, a.missing, fact(10), #a, a[3], math.type(a[3]), a\n"
        "end, t)\n"
        "local same, shared, meta, f10, n, x, mt, back = r:result()\n"
        "print(same, shared, meta, f10, n, x, mt)\n"
        "print(t.x.y, back.x.y, back.self == back)\n"
        "local g = ex:submit(function() return function(a) return a + 1 end end):result()\n"
        "print(g(41))\n"
        "ex:shutdown()\n");
    assert_string_equal(out_text(f),
        "true\ttrue\tmeta missing\t3628800\t4\t3.5\tfloat\n"
        "z\tchanged in worker\ttrue\n"
        "42\n");
}

/* GIL on: CPU-bound threads hand the lock over (switches, gil events for
 * every worker); GIL off: no switches at all. */
static void
test_gil_switches_and_trace(void **state)
{
    fixture *f = *state;
    int holders = 0;
    run_ok(f, PRELUDE
        "threads.setswitchinterval(1000)\n"
        "local function spin(n) local s = 0 for i = 1, n do s = s + i % 3 end return s end\n"
        "local function run(gil)\n"
        "  local before = threads.gil_stats().switches\n"
        "  local ex = threads.ThreadPoolExecutor{max_workers = 3, gil = gil}\n"
        "  local ready = threads.Value(0)\n"
        "  local fs = {}\n"
        "  for i = 1, 3 do fs[i] = ex:submit(function()\n"
        "    ready:add(1)\n"
        "    while ready:get() < 3 do threads.yield() end\n"
        "    return spin(200000)\n"
        "  end) end\n"
        "  for i = 1, 3 do fs[i]:result() end\n"
        "  ex:shutdown()\n"
        "  return threads.gil_stats().switches - before\n"
        "end\n"
        "print(run(true) > 10, run(false), threads.getswitchinterval())\n"
        "threads.set_gil(false)\n"
        "print(threads.gil_stats().enabled)\n");
    assert_string_equal(out_text(f), "true\t0\t1000\nfalse\n");
    assert_true(count_ev(f->trace, LL_EV_GIL_HOLD, &holders) > 10);
    assert_int_equal(holders, 3);
    assert_true(count_ev(f->trace, LL_EV_GIL_WAIT, NULL) > 10);
}

static void
test_thread_object(void **state)
{
    fixture *f = *state;
    run_ok(f, PRELUDE
        "local ev = threads.Event()\n"
        "local t = threads.Thread{target = function(ev) ev:wait() print('worker saw the event') end,\n"
        "                        args = {ev}, name = 'waiter'}\n"
        "print(t.name, t.daemon, t:is_alive())\n"
        "t:start()\n"
        "print(t:is_alive(), t:join(0.01), type(t.ident))\n"
        "ev:set()\n"
        "print(t:join(), t:is_alive())\n"
        "print(pcall(t.start, t))\n"
        "local bad = threads.Thread(function() error('oops') end)\n"
        "bad:start(); bad:join()\n"
        "print(pcall(threads.Thread, 42))\n"
        "print(pcall(threads.Thread, {target = 42}))\n"
        "local p = threads.Thread{target = print, args = {'x'}}\n"
        "print(p.name:match('^Thread%-%d+$') ~= nil)\n");
    assert_string_equal(out_text(f),
        "waiter\tfalse\tfalse\n"
        "true\tfalse\tnumber\n"
        "worker saw the event\n"
        "true\tfalse\n"
        "false\tRuntimeError: threads can only be started once\n"
        "Exception in thread Thread-1: script.lua:11: oops\n"
        "false\tbad argument #1 to '?' (function expected, got number)\n"
        "false\tThread: 'target' must be a function\n"
        "true\n");
}

static void
test_sync_primitives(void **state)
{
    fixture *f = *state;
    run_ok(f, PRELUDE
        "local l = threads.Lock()\n"
        "print(l:acquire(), l:acquire(false), l:acquire{timeout = 0.01}, l:locked())\n"
        "l:release()\n"
        "print(pcall(l.release, l))\n"
        "local r = threads.RLock()\n"
        "print(r:acquire(), r:acquire()); r:release(); r:release()\n"
        "print(l:with(function(a, b) return a + b end, 2, 3), l:locked())\n"
        "local bs = threads.BoundedSemaphore(1)\n"
        "print(bs:acquire(), bs:acquire(false)); bs:release()\n"
        "print(pcall(bs.release, bs))\n"
        /* bounded buffer with a Condition: 2 producers, 2 consumers */
        "local cond, items = threads.Condition(), threads.List()\n"
        "local taken = threads.Value(0)\n"
        "local ex = threads.ThreadPoolExecutor(4)\n"
        "local fs = {}\n"
        "for p = 1, 2 do fs[#fs + 1] = ex:submit(function()\n"
        "  for i = 1, 50 do cond:with(function() items:append(p * 1000 + i); cond:notify() end) end\n"
        "end) end\n"
        "for c = 1, 2 do fs[#fs + 1] = ex:submit(function()\n"
        "  local got = 0\n"
        "  while true do\n"
        "    local done = cond:with(function()\n"
        "      cond:wait_for(function() return items:len() > taken:get() or taken:get() >= 100 end)\n"
        "      if taken:get() >= 100 then return true end\n"
        "      taken:add(1); got = got + 1\n"
        "      cond:notify_all()\n"
        "      return false\n"
        "    end)\n"
        "    if done then return got end\n"
        "  end\n"
        "end) end\n"
        "local total = 0\n"
        "for i = 1, 4 do total = total + (fs[i]:result() or 0) end\n"
        "print('consumed', total, items:len())\n"
        "local loc = threads.Local()\n"
        "loc.x = 'main'\n"
        "print(ex:submit(function(l) l.x = l.x or 'fresh'; return l.x end, loc):result(), loc.x)\n"
        "local d = threads.Dict()\n"
        "local ws = {}\n"
        "for i = 1, 4 do ws[i] = ex:submit(function() for k = 1, 100 do d:incr('n') end end) end\n"
        "for i = 1, 4 do ws[i]:result() end\n"
        "d:set('s', {1, 2})\n"
        "print(d:get('n'), d:get('s')[2], d:get('missing', 'dflt'), #d)\n"
        "ex:shutdown()\n");
    assert_string_equal(out_text(f),
        "true\tfalse\tfalse\ttrue\n"
        "false\tRuntimeError: release unlocked lock\n"
        "true\ttrue\n"
        "5\tfalse\n"
        "true\tfalse\n"
        "false\tValueError: Semaphore released too many times\n"
        "consumed\t100\t100\n"
        "fresh\tmain\n"
        "400\t2\tdflt\t2\n");
}

static void
test_cancel_wait_as_completed_callbacks(void **state)
{
    fixture *f = *state;
    run_ok(f, PRELUDE
        "local ex = threads.ThreadPoolExecutor(1)\n"
        "local gate = threads.Event()\n"
        "local started = threads.Event()\n"
        "local a = ex:submit(function() started:set(); gate:wait(); return 'a' end)\n"
        "local b = ex:submit(function() return 'b' end)\n"
        "started:wait()\n"
        "local log = {}\n"
        "a:add_done_callback(function(fut) log[#log + 1] = 'cb ' .. fut:result() end)\n"
        "print(a:running(), a:cancel(), b:cancel(), b:cancelled(), b:done())\n"
        "print(pcall(b.result, b))\n"
        "local done, pending = threads.wait({a}, {timeout = 0.01})\n"
        "print(#done, #pending)\n"
        "print(pcall(a.result, a, 0.01))\n"
        "gate:set()\n"
        "local c = ex:submit(function() return 'c' end)\n"
        "local seen = {}\n"
        "for fut in threads.as_completed({a, c}) do seen[#seen + 1] = fut:result() end\n"
        "table.sort(seen)\n"
        "print(table.concat(seen, ','), table.concat(log, ','))\n"
        "local x = ex:submit(function() return 1 end)\n"
        "x:result()\n"
        "x:add_done_callback(function() log[#log + 1] = 'late' end)\n"
        "print(log[2])\n"
        "local q = {}\n"
        "gate:clear()\n"
        "local blocker = ex:submit(function() gate:wait() end)\n"
        "for i = 1, 3 do q[i] = ex:submit(function() return i end) end\n"
        "local d1, nd1 = threads.wait({blocker, q[1]}, {return_when = 'FIRST_COMPLETED', timeout = 0.01})\n"
        "print(#d1, #nd1)\n"
        "gate:set()\n"
        "ex:shutdown{cancel_futures = true}\n"
        "print(blocker:done())\n"
        "print(pcall(threads.wait, {a}, {return_when = 'SOMETIMES'}))\n");
    assert_string_equal(out_text(f),
        "true\tfalse\ttrue\ttrue\ttrue\n"
        "false\tCancelledError: the future was cancelled\n"
        "0\t1\n"
        "false\tTimeoutError: the future is not done after 0.01 s\n"
        "a,c\tcb a\n"
        "late\n"
        "0\t2\n"
        "true\n"
        "false\twait: return_when must be ALL_COMPLETED, FIRST_COMPLETED or "
        "FIRST_EXCEPTION, not 'SOMETIMES'\n");
}

static void
test_worker_print_initializer_and_budget(void **state)
{
    fixture *f = *state;
    run_ok(f, PRELUDE
        "local ex = threads.ThreadPoolExecutor{max_workers = 2,\n"
        "  initializer = function(base) BASE = base; print('init') end, initargs = {100}}\n"
        "print(ex:submit(function(x) print('in worker', x); return BASE + x end, 5):result())\n"
        "ex:shutdown()\n"
        "local broken = threads.ThreadPoolExecutor{max_workers = 1,\n"
        "  initializer = function() error('no database') end}\n"
        "print(pcall(broken.submit(broken, function() return 1 end).result,\n"
        "            broken:submit(function() return 1 end)))\n"
        "broken:shutdown()\n"
        "print(#ex:workers())\n");
    /* each of the two workers ran the initializer, in either order */
    assert_string_equal(strstr(out_text(f), "init\n"), strstr(out_text(f), "init\n"));
    assert_non_null(strstr(strstr(out_text(f), "init\n") + 1, "init\n"));
    /* worker prints reach the output, ordered by collection */
    assert_contains(out_text(f), "in worker\t5\n");
    assert_contains(out_text(f), "105\n");
    assert_contains(out_text(f),
        "false\tBrokenThreadPool: the initializer failed: script.lua:7: no database\n"
        "2\n");

    /* a worker stuck in a loop is stopped by the instruction budget */
    ll_buf_close(&f->out);
    ll_buf_init(&f->out);
    f->opts.max_instructions = 2000000;
    run_ok(f, PRELUDE
        "local ex = threads.ThreadPoolExecutor(1)\n"
        "local fut = ex:submit(function() while true do end end)\n"
        "print(pcall(fut.result, fut))\n"
        "ex:shutdown()\n");
    assert_contains(out_text(f), "false\tinstruction limit exceeded");
}

/* Errors in scripts that misuse the module are raised with clear text. */
static void
test_misuse(void **state)
{
    fixture *f = *state;
    run_ok(f, PRELUDE
        "print(pcall(threads.ThreadPoolExecutor, 0))\n"
        "print(pcall(threads.ThreadPoolExecutor, 'x'))\n"
        "print(pcall(threads.setswitchinterval, 0))\n"
        "local ex = threads.ThreadPoolExecutor(1)\n"
        "print(pcall(ex.map, ex, function() end))\n"
        "print(ex:submit(function() local ok, e = pcall(threads.ThreadPoolExecutor, 1); return e end):result())\n"
        "print(pcall(threads.set_gil, false))\n"
        "ex:shutdown()\n");
    assert_string_equal(out_text(f),
        "false\tThreadPoolExecutor: max_workers must be 1..256, got 0\n"
        "false\tbad argument #1 to '?' (expected max_workers or an options table)\n"
        "false\tbad argument #1 to '?' (switch interval is a count of instructions, 1..1e8)\n"
        "false\tmap: expected fn and at least one list\n"
        "threads: start threads from the main program, not from inside a worker thread\n"
        "false\tthreads.set_gil: stop every thread and pool before switching the GIL off\n");
}

/* At the end of the program, a non-daemon thread is waited for (its output
 * still arrives) and a daemon thread stuck in a loop is interrupted, so
 * the run ends. (The runtime's finaliser once failed silently here.) */
static void
test_exit_waits_for_threads_and_interrupts_daemons(void **state)
{
    fixture *f = *state;
    run_ok(f, PRELUDE
        "threads.Thread(function() threads.sleep(0.05) print('late worker') end):start()\n"
        "threads.Thread{target = function() while true do end end, daemon = true}:start()\n"
        "threads.Thread{target = function() while true do end end, daemon = true, gil = false}:start()\n"
        "print('main done')\n");
    assert_string_equal(out_text(f), "main done\nlate worker\n");
}

static void *
idle_thread(void *p)
{
    return p;
}

/* aio.to_thread / run_in_executor: results come back on the loop thread,
 * errors and unsendable values raise in the awaiting task, a cancelled
 * await leaves the thread running to completion and aio.run waits for it. */
static void
test_aio_to_thread_and_run_in_executor(void **state)
{
    fixture *f = *state;
    run_ok(f, PRELUDE
        "local procs = require('procs')\n"
        "aio.run(function()\n"
        "  print(aio.to_thread(function(a, b) return a + b, 'x' end, 2, 3))\n"
        "  local ex = threads.ThreadPoolExecutor(2)\n"
        "  print(aio.run_in_executor(ex, string.upper, 'abc'))\n"
        "  print(aio.run_in_executor(nil, function() return 'default' end))\n"
        "  local pool = procs.Pool(1)\n"
        "  print(aio.run_in_executor(pool, function(n) return n * 2 end, 21))\n"
        "  print(pcall(aio.to_thread, function() error('boom') end))\n"
        "  print(pcall(aio.run_in_executor, pool, function() error('pboom') end))\n"
        "  print(select(2, pcall(aio.to_thread, function(c) end, coroutine.create(print))))\n"
        "  print(aio.wrap_future(ex:submit(function() return 'wrapped' end)))\n"
        "  local gate, started, finished = threads.Event(), threads.Event(), threads.Value(0)\n"
        "  local t = aio.create_task(function()\n"
        "    return aio.run_in_executor(ex, function() started:set(); gate:wait(); finished:set(1) end)\n"
        "  end)\n"
        "  while not started:is_set() do aio.sleep(0) end\n"
        "  t:cancel()\n"
        "  print(pcall(aio.await, t))\n"
        "  print('finished before release', finished:get())\n"
        "  gate:set()\n"
        "  local many = {}\n"
        "  for i = 1, 6 do many[i] = function() return aio.to_thread(function(i) return i * i end, i) end end\n"
        "  print(table.concat(aio.gather(many), ' '))\n"
        "  pool:shutdown()\n"
        "  return finished\n"
        "end)\n"
        "print(pcall(aio.to_thread, print))\n");
    assert_string_equal(out_text(f),
        "5\tx\n"
        "ABC\n"
        "default\n"
        "42\n"
        "false\tscript.lua:10: boom\n"
        "false\tscript.lua:11: pboom\n"
        "args[1]: a coroutine cannot be sent to a worker thread\n"
        "wrapped\n"
        "false\tCancelledError\n"
        "finished before release\t0\n"
        "1 4 9 16 25 36\n"
        "false\trun_in_executor: no running event loop (call it from a task "
        "inside aio.run)\n");
}

int
main(void)
{
    pthread_t t;
    /* Under TSan the runtime starts a helper thread with the first
     * pthread_create; make that happen before any fixture counts. */
    pthread_create(&t, NULL, idle_thread, NULL);
    pthread_join(t, NULL);
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_executor_results_map_and_errors),
        T(test_timed_wait_is_about_its_own_job),
        T(test_distinct_workers_overlapping_intervals),
        T(test_lost_updates_unlocked_none_locked),
        T(test_serialisation_errors_name_the_path),
        T(test_values_cross_by_copy),
        T(test_gil_switches_and_trace),
        T(test_thread_object),
        T(test_sync_primitives),
        T(test_cancel_wait_as_completed_callbacks),
        T(test_worker_print_initializer_and_budget),
        T(test_misuse),
        T(test_aio_to_thread_and_run_in_executor),
        T(test_exit_waits_for_threads_and_interrupts_daemons),
#undef T
    };
    return cmocka_run_group_tests_name("threads", tests, NULL, NULL);
}

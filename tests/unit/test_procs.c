/* SPDX-License-Identifier: MIT
 * tests/unit/test_procs.c -- engine/proc.c and the `procs` Lua module.
 *
 * After every test this process must have no child left, running or
 * zombie (scanned in /proc by parent pid). Assertions are structural:
 * distinct pids, message counts from chunking, exact error texts, exit
 * codes; never wall speed.
 */
#include "testutil.h"
#include "engine/proc.h"
#include "engine/lua/run.h"
#include "engine/trace.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Children of this process (any state, zombies included). */
static int
children(void)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    int n = 0;
    pid_t me = getpid();
    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL) {
        char path[300], buf[4096];
        FILE *f;
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        f = fopen(path, "r");
        if (f == NULL)
            continue;
        if (fgets(buf, sizeof buf, f) != NULL) {
            char *rp = strrchr(buf, ')');
            int ppid = 0;
            char st;
            if (rp != NULL && sscanf(rp + 2, "%c %d", &st, &ppid) == 2 &&
                ppid == me)
                n++;
        }
        fclose(f);
    }
    closedir(d);
    return n;
}

typedef struct fixture {
    char         *dir;
    char         *script;
    ll_trace     *trace;
    ll_buf        out;
    ll_run_result res;
    ll_run_opts   opts;
} fixture;

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
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    fixture *f = *state;
    assert_int_equal(children(), 0);      /* no zombie, no orphan */
    ll_run_result_close(&f->res);
    ll_buf_close(&f->out);
    ll_trace_free(f->trace);
    tu_rmtree(f->dir);
    ll_free(f->dir);
    ll_free(f->script);
    ll_free(f);
    return 0;
}

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

#define PRELUDE "local procs = require('procs')\n"

/* {==== engine/proc.c directly */

static int
echo_main(void *ud, int in, int out)
{
    ll_buf b;
    uint32_t tag;
    (void)ud;
    ll_buf_init(&b);
    printf("child ready\n");
    fflush(stdout);
    while (ll_proc_read_frame(in, &tag, &b) == LL_OK) {
        if (strcmp(b.data, "die") == 0)
            raise(SIGKILL);
        ll_buf_adds(&b, "!");
        ll_proc_write_frame(out, tag + 1, b.data, b.len);
    }
    return 7;
}

static int n_done, last_status;

static void
on_done(ll_procpool_job *j, int status)
{
    (void)j;
    n_done++;
    last_status = status;
}

static void
test_proc_child_frames_text_exitcode(void **state)
{
    ll_proc *p;
    ll_buf b, text;
    uint32_t tag;
    int code;
    (void)state;

    ll_buf_init(&b);
    ll_buf_init(&text);
    assert_int_equal(ll_proc_start(echo_main, NULL, &p), LL_OK);
    assert_true(ll_proc_pid(p) > 0 && ll_proc_pid(p) != getpid());
    assert_int_equal(ll_proc_write_frame(ll_proc_in_fd(p), 41, "hi", 2), LL_OK);
    assert_int_equal(ll_proc_read_frame(ll_proc_out_fd(p), &tag, &b), LL_OK);
    assert_int_equal(tag, 42);
    assert_string_equal(b.data, "hi!");
    ll_proc_close_in(p);
    assert_int_equal(ll_proc_wait(p, -1, &text, &code), LL_OK);
    assert_int_equal(code, 7);
    assert_string_equal(text.data, "child ready\n");
    assert_true(ll_proc_exited(p, &code));
    ll_proc_free(p);
    ll_buf_close(&b);
    ll_buf_close(&text);
}

static void
test_procpool_jobs_and_broken(void **state)
{
    ll_procpool *pp;
    ll_procpool_job jobs[6];
    ll_procpool_stats st;
    pid_t pids[2];
    int i;
    (void)state;

    n_done = 0;
    assert_int_equal(ll_procpool_new(2, echo_main, NULL, &pp), LL_OK);
    pids[0] = ll_procpool_pid(pp, 0);
    pids[1] = ll_procpool_pid(pp, 1);
    assert_true(pids[0] != pids[1]);
    for (i = 0; i < 4; i++) {
        memset(&jobs[i], 0, sizeof jobs[i]);
        ll_buf_init(&jobs[i].in);
        ll_buf_init(&jobs[i].out);
        ll_buf_printf(&jobs[i].in, "job%d", i);
        jobs[i].done = on_done;
        assert_int_equal(ll_procpool_submit(pp, &jobs[i]), LL_OK);
    }
    assert_int_equal(ll_procpool_cancel(pp, &jobs[3]), LL_OK);
    assert_int_equal(last_status, LL_ECANCELED);
    while (n_done < 4)
        ll_procpool_poll(pp, -1, NULL);
    for (i = 0; i < 3; i++) {
        char want[16];
        snprintf(want, sizeof want, "job%d!", i);
        assert_string_equal(jobs[i].out.data, want);
        assert_true(jobs[i].pid == pids[0] || jobs[i].pid == pids[1]);
        assert_true(jobs[i].t_submit <= jobs[i].t_sent);
    }
    ll_procpool_stats_get(pp, &st);
    assert_int_equal(st.messages_sent, 3);
    assert_int_equal(st.messages_received, 3);
    assert_null(ll_procpool_broken(pp));

    /* a worker dying breaks the pool: every pending job fails */
    memset(&jobs[4], 0, sizeof jobs[4]);
    ll_buf_init(&jobs[4].in);
    ll_buf_adds(&jobs[4].in, "die");
    jobs[4].done = on_done;
    memset(&jobs[5], 0, sizeof jobs[5]);
    ll_buf_init(&jobs[5].in);
    ll_buf_adds(&jobs[5].in, "slow");
    jobs[5].done = on_done;
    n_done = 0;
    assert_int_equal(ll_procpool_submit(pp, &jobs[4]), LL_OK);
    assert_int_equal(ll_procpool_submit(pp, &jobs[5]), LL_OK);
    while (n_done < 2)
        ll_procpool_poll(pp, -1, NULL);
    assert_non_null(ll_procpool_broken(pp));
    assert_non_null(strstr(ll_procpool_broken(pp), "BrokenProcessPool"));
    assert_non_null(strstr(ll_procpool_broken(pp), "signal 9"));
    assert_int_equal(ll_procpool_submit(pp, &jobs[0]), LL_EIO);
    ll_procpool_free(pp);
    for (i = 0; i < 6; i++) {
        ll_buf_close(&jobs[i].in);
        ll_buf_close(&jobs[i].out);
    }
}

static pid_t failing_fork(void) { return -1; }

static void
test_proc_fork_failure_is_an_error(void **state)
{
    ll_proc_sys sys = { failing_fork, NULL, NULL, NULL };
    ll_proc *p = (ll_proc *)&sys;
    ll_procpool *pp = (ll_procpool *)&sys;
    (void)state;
    sys.pipe2 = pipe2;
    sys.waitpid = waitpid;
    sys.kill = kill;
    ll_proc_set_sys(&sys);
    assert_int_equal(ll_proc_start(echo_main, NULL, &p), LL_EIO);
    assert_null(p);
    assert_int_equal(ll_procpool_new(2, echo_main, NULL, &pp), LL_EIO);
    assert_null(pp);
    ll_proc_set_sys(NULL);
}

/* }==== */

/* {==== the Lua module */

static void
test_pool_map_chunks_and_pids(void **state)
{
    fixture *f = *state;
    run_ok(f, PRELUDE
        "local items = {}\n"
        "for i = 1, 100 do items[i] = i end\n"
        "local pool = procs.Pool(2)\n"
        "local r = pool:map(function(x) return x * 2 end, items)\n"
        "print(#r, r[1], r[100])\n"
        "local st = pool:stats()\n"
        /* default chunksize: ceil(100 / (2 * 4)) = 13 -> 8 messages */
        "print(st.messages_sent, st.tasks, st.start_method)\n"
        "pool:map(function(x) return x end, items, 1)\n"
        "print(pool:stats().messages_sent - st.messages_sent)\n"
        "local pids = {}\n"
        "local ready = procs.Value('i', 0)\n"
        "pool:shutdown()\n"
        "local p2 = procs.Pool(2)\n"
        "local fs = {}\n"
        "for i = 1, 2 do fs[i] = p2:submit(function() return procs.getpid() end) end\n"
        "local a, b = fs[1]:result(), fs[2]:result()\n"
        "print(a ~= procs.getpid(), b ~= procs.getpid())\n"
        "local t = {}\n"
        "for i, v in p2:imap(function(x) return x + 1 end, {10, 20, 30}) do t[#t + 1] = i .. ':' .. v end\n"
        "print(table.concat(t, ' '))\n"
        "local u = {}\n"
        "for i, v in p2:imap_unordered(function(x) return x + 1 end, {10, 20, 30}) do u[i] = v end\n"
        "print(u[1], u[2], u[3])\n"
        "print(table.concat(p2:starmap(function(a, b) return a * b end, {{2, 3}, {4, 5}}), ' '))\n"
        "local ex = procs.ProcessPoolExecutor(2)\n"
        "local m = {}\n"
        "for i, v in ex:map(function(x) return -x end, {1, 2, 3}) do m[i] = v end\n"
        "print(m[1], m[2], m[3], ex:stats().messages_sent)\n"
        "ex:shutdown()\n"
        "p2:shutdown()\n");
    assert_string_equal(out_text(f),
        "100\t2\t200\n"
        "8\t100\tfork\n"
        "100\n"
        "true\ttrue\n"
        "1:11 2:21 3:31\n"
        "11\t21\t31\n"
        "6 20\n"
        "-1\t-2\t-3\t3\n");
}

/* L4.3: what cannot be pickled fails at submit, naming the path. Under
 * spawn, globals of the script are not there; under fork they are. */
static void
test_pickling_errors_and_start_methods(void **state)
{
    fixture *f = *state;
    run_ok(f, PRELUDE
        "local pool = procs.Pool(1)\n"
        "local conn = coroutine.create(function() end)\n"
        "local function handler() return conn end\n"
        "print(select(2, pcall(pool.submit, pool, function(a, b) end, 1, {handler = handler})))\n"
        "print(select(2, pcall(pool.map, pool, function(x) return x end, {1, {co = conn}})))\n"
        "local tl = require('threads').Lock()\n"
        "print(select(2, pcall(pool.submit, pool, function(l) end, tl)))\n"
        "local late = procs.Value('i', 1)\n"
        "print(select(2, pcall(pool.submit, pool, function(v) end, late)))\n"
        "local bad = pool:submit(function() return coroutine.create(print) end)\n"
        "print(select(2, pcall(bad.result, bad)))\n"
        "pool:shutdown()\n"
        "GREETING = 'hello'\n"
        "local function greet() return GREETING end\n"
        "for _, sm in ipairs({'fork', 'spawn'}) do\n"
        "  local p = procs.Pool{processes = 1, start_method = sm}\n"
        "  print(sm, p:submit(greet):result())\n"
        "  p:shutdown()\n"
        "end\n"
        "local sp = procs.Process{target = function(c) end, args = {conn}, start_method = 'spawn'}\n"
        "print(select(2, pcall(sp.start, sp)))\n"
        "print(pcall(procs.set_start_method, 'forkserver'))\n");
    assert_string_equal(out_text(f),
        "args[2].handler: function with upvalue 'conn' cannot be sent to a "
        "worker process (conn: a coroutine)\n"
        "items[2].co: a coroutine cannot be sent to a worker process\n"
        "args[1]: threads.Lock cannot be sent to a worker process (it only "
        "works between threads of one process)\n"
        "args[1]: procs.Value was created after the workers started; pass it "
        "when creating them instead\n"
        "cannot send the result back: result[1]: a coroutine cannot be sent "
        "to the parent process\n"
        "fork\thello\n"
        "spawn\tnil\n"
        "args[1]: a coroutine cannot be sent to a spawned process\n"
        "false\tValueError: cannot find context for 'forkserver' (start "
        "methods: fork, spawn)\n");
}

static void
test_process_exitcodes_output_and_shared_memory(void **state)
{
    fixture *f = *state;
    int pids = 0;
    size_t i;
    run_ok(f, PRELUDE
        "local v = procs.Value('i', 0)\n"
        "local arr = procs.Array('d', {0, 0, 0})\n"
        "local ps = {}\n"
        "for i = 1, 3 do\n"
        "  ps[i] = procs.Process(function(v, arr, i)\n"
        "    for k = 1, 500 do v:with(function() v.value = v.value + 1 end) end\n"
        "    arr[i] = i * 1.5\n"
        "    print('child', i)\n"
        "  end, v, arr, i)\n"
        "  ps[i]:start()\n"
        "end\n"
        "for i = 1, 3 do ps[i]:join() end\n"
        "print(v.value, arr[1], arr[2], arr[3], #arr, ps[1].exitcode)\n"
        "print(ps[1].pid ~= ps[2].pid, ps[1]:is_alive())\n"
        "local e = procs.Process(function() error('child fails') end)\n"
        "e:start(); e:join()\n"
        "print('exit', e.exitcode)\n"
        "local hang = procs.Process(function() while true do end end)\n"
        "hang:start()\n"
        "print(hang:join(0.05), hang.exitcode, hang:is_alive())\n"
        "hang:kill(); hang:join()\n"
        "print('killed', hang.exitcode)\n"
        "local q = procs.Queue()\n"
        "local prod = procs.Process{target = function(q) for i = 1, 3 do q:put({n = i}) end q:put('done') end, args = {q}, start_method = 'spawn'}\n"
        "prod:start()\n"
        "local got = {}\n"
        "while true do local m = q:get(); if m == 'done' then break end got[#got + 1] = m.n end\n"
        "prod:join()\n"
        "print(table.concat(got, ','), prod.exitcode, q:get(0.01))\n"
        "local a, b = procs.Pipe()\n"
        "local echo = procs.Process(function(c) local m = c:recv(); c:send(m .. ' back') end, b)\n"
        "echo:start()\n"
        "a:send('ping')\n"
        "print(a:recv())\n"
        "echo:join()\n"
        "print(pcall(procs.Value, 'z', 1))\n"
        "print(pcall(procs.Process, {target = 'f'}))\n"
        "print(procs.Process{target = print}.name:match('^Process%-%d+$') ~= nil)\n");
    /* children's print() reached the parent's output */
    if (strstr(out_text(f), "child\t1\n") == NULL)
        fail_msg("output:\n%s", out_text(f));
    assert_non_null(strstr(out_text(f), "child\t3\n"));
    assert_non_null(strstr(out_text(f),
        "1500\t1.5\t3.0\t4.5\t3\t0\n"
        "true\tfalse\n"));
    assert_non_null(strstr(out_text(f), "Process failed: script.lua:16: child fails"));
    assert_non_null(strstr(out_text(f), "exit\t1\n"));
    assert_non_null(strstr(out_text(f), "false\tnil\ttrue\nkilled\t-9\n"));
    assert_non_null(strstr(out_text(f),
        "1,2,3\t0\tnil\tqueue.Empty: no item arrived in time\tEEMPTY\n"
        "ping back\n"
        "false\tbad argument #1 to '?' (typecode must be 'i' (integer) or 'd' (float))\n"
        "false\tProcess: 'target' must be a function\n"
        "true\n"));
    /* print events carry the child's pid as the worker */
    for (i = 0; i < ll_trace_count(f->trace); i++) {
        const ll_event *e = ll_trace_get(f->trace, i);
        if (e->kind == LL_EV_OUTPUT && e->worker > 0 && e->worker != getpid())
            pids++;
    }
    assert_true(pids >= 3);
}

static void
test_broken_process_pool(void **state)
{
    fixture *f = *state;
    run_ok(f, PRELUDE
        "local ex = procs.ProcessPoolExecutor(2)\n"
        "print(ex:submit(function() return 'fine' end):result())\n"
        "local started = procs.Value('i', 0)\n"
        "ex:shutdown()\n"
        "ex = procs.ProcessPoolExecutor(2)\n"
        "local slow = ex:submit(function() while true do end end)\n"
        "local queued = {}\n"
        "for i = 1, 3 do queued[i] = ex:submit(function() while true do end end) end\n"
        "ex:kill_worker(1)\n"
        "local ok, err = pcall(slow.result, slow)\n"
        "print(ok, err:match('^BrokenProcessPool') ~= nil, err:match('signal 9') ~= nil)\n"
        "for i = 1, 3 do print(pcall(queued[i].result, queued[i]) == false) end\n"
        "print(select(2, pcall(ex.submit, ex, function() end)):match('^BrokenProcessPool') ~= nil)\n"
        "ex:shutdown()\n"
        "local init = procs.Pool{processes = 1, initializer = function() error('no db') end}\n"
        "local r = init:submit(function() return 1 end)\n"
        "print(pcall(r.result, r))\n"
        "init:shutdown()\n");
    if (strstr(out_text(f),
        "fine\n"
        "false\ttrue\ttrue\n"
        "true\ntrue\ntrue\n"
        "true\n") == NULL ||
        strstr(out_text(f),
        "Exception in initializer: script.lua:16: no db\n") == NULL ||
        strstr(out_text(f),
        "false\tBrokenProcessPool: a child process terminated abruptly while "
        "the future was running or pending (pid ") == NULL)
        fail_msg("output:\n%s", out_text(f));
    assert_non_null(strstr(out_text(f), "exit code 1)\n"));
}

/* }==== */

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_proc_child_frames_text_exitcode),
        T(test_procpool_jobs_and_broken),
        T(test_proc_fork_failure_is_an_error),
        T(test_pool_map_chunks_and_pids),
        T(test_pickling_errors_and_start_methods),
        T(test_process_exitcodes_output_and_shared_memory),
        T(test_broken_process_pool),
#undef T
    };
    return cmocka_run_group_tests_name("procs", tests, NULL, NULL);
}

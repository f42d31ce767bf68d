#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""looplab Python harness: run one student file under a virtual-clock asyncio.

Invocation (the C grader spawns exactly this)::

    /usr/bin/python3 -I looplab_harness.py --file STUDENT.py --result-fd N
                     [--seed N] [--max-vtime SECONDS]

The student's file runs as ``__main__``. Every trace event and, last, one
summary line (``"ev": "result"``) are written as JSON lines to fd N; nothing
of ours goes to stdout. See README.md next to this file for the protocol, the
guarantees and the limits. Stdlib only; everything is imported before the
student's code runs so that a student ``asyncio.py`` cannot shadow it.
"""

# Our own copy of the builtins, taken before any student code: a program
# that replaces builtins.dict (or len, isinstance ...) must not run its
# code inside ours (every function below captures this dict).
__builtins__ = dict(vars(__import__("builtins")))

import time as _time_mod

_perf = _time_mod.perf_counter
# A step's cost is the loop thread's CPU time, not wall time: wall time
# grows with whatever else the machine runs, and a grade must not.
_cpu = _time_mod.thread_time
_T0 = _perf()

import sys
import os
import io
import gc
import json
import hashlib
import heapq
import random
import runpy
import importlib.util
import inspect
import weakref
import warnings
import threading
import traceback
import asyncio
import asyncio.events
import asyncio.base_events
import asyncio.unix_events
import concurrent.futures
import concurrent.futures.thread as _cft

# Bind the real clock functions before anything is patched.
_real_sleep = _time_mod.sleep
_real_monotonic = _time_mod.monotonic
_real_time = _time_mod.time
_real_perf_ns = _time_mod.perf_counter_ns
_real_monotonic_ns = _time_mod.monotonic_ns
_real_time_ns = _time_mod.time_ns
_wref = weakref.ref
# What we call after the student's code: bound now, so replacing them
# (gc.collect = ...) changes nothing of ours.
_gc_collect = gc.collect
_thread_shutdown = threading._shutdown

HARNESS_FILE = os.path.abspath(__file__)
# The lab and probe modules reach our state through this name (we run as
# __main__), and come from our own folder, imported before any student code
# so that a student looplab.py cannot stand in for them.
sys.modules.setdefault("looplab_harness", sys.modules[__name__])
sys.path.insert(0, os.path.dirname(HARNESS_FILE))
try:
    import looplab.lab as _lab
    import looplab._probes as _probes
    import looplab._trust as _trust
    import looplab._threads as _threads
finally:
    del sys.path[0]
_RUNPY_FILE = os.path.abspath(runpy.__file__)
_PYVER = "%d.%d.%d" % sys.version_info[:3]

SLOW_STEP_S = 0.020          # a loop step using more CPU than this is "blocking"
REAL_IO_POLL_S = 0.002       # real poll before advancing while fds are registered
REAL_WAIT_S = 0.050          # real wait for threads / external I/O
SETTLE_S = 0.001             # timekeeper: pause after a thread-state change
GRACE_S = 0.100              # a thread showing no progress this long is "blocked"
TRACE_CAP = 200000           # trace events after this are dropped (one warn)
WARN_CAP = 200
TEXT_CAP = 4096              # chars kept of one "what" string

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


# --------------------------------------------------------------------------
# Shared state
# --------------------------------------------------------------------------
class _State:
    def __init__(self):
        self.pid = os.getpid()
        self.clock = 0.0                      # process-wide virtual clock
        self.max_vtime = 3600.0
        self.rng = None                       # random.Random when --seed != 0
        self.out = None                       # result stream (raw bytes, unbuffered)
        self.digest = hashlib.sha256()        # of every byte written to it
        self.lines = 0                        # lines written to it
        self.seal = None                      # _trust's seal(), or None
        self.wlock = threading.RLock()        # serialises writes to self.out
        self.finished = False                 # result line written
        self.n_events = 0
        self.warnings = []
        self.blocking = []
        self.tasks_pending = []               # pending at the end of each main task
        # task bookkeeping
        self.task_ids = weakref.WeakKeyDictionary()
        self.next_tid = 1
        self.reported = set()                 # task ids whose end was traced
        self.unannounced = []                 # (task, id, parent name) to spawn
        self.labels = {}                      # task id -> "fetch('a')" (display)
        # thread / executor barrier (see _idle_select)
        self.cv = threading.Condition(threading.Lock())
        self.gen = 0                          # bumps on every thread-state change
        self.running_loops = set()
        self.work_running = {}                # thread ident -> executor
        self.sleepers = {}                    # thread ident -> virtual deadline
        self.awake = {}                       # plain-thread participants -> Thread
        self.stale = set()                    # participants deemed blocked
        self.keeper = None                    # timekeeper thread (no loop running)
        self.executors = weakref.WeakSet()
        self.other_jobs = 0                   # non-thread executor jobs in flight
        self.cancel_at = None                 # --cancel-at: cancel main at this vtime
        self.main_end = ""                    # how the first main task ended
        self.main_result = None               # its return value (JSON-able)
        self.lint = None                      # --lint findings
        # id(loop) -> (ref(loop), ref(its first task)): a plain dict and C
        # weakrefs, which no student patch of weakref's classes reaches
        self.loop_main = {}
        self.file = None                      # the file we run
        self.origin = None                    # --origin: the student's own path
        self.importing = None                 # module name while a --call import runs
        self.unawaited = []                   # never-awaited coroutines (see _warn_unawaited)


V = _State()


import _signal
# Bound before lockdown: _trust's guard hands student signal handlers no
# frame; the harness's own note of where the program is needs it.
_SIGNAL, _SETITIMER, _SIGMASK = (_signal.signal, _signal.setitimer,
                                 _signal.pthread_sigmask)

# Bound before any submitted code runs: a label never calls what a
# submission may have put in builtins.
_type, _repr, _len, _int, _float, _bool, _str = (type, repr, len, int, float,
                                                 bool, str)


def _label_arg(v):
    """An argument as a label shows it: short literals of exact built-in
    types (no student __repr__ ever runs), '...' for anything else."""
    t = _type(v)
    if t is _str:
        return _repr(v if _len(v) <= 12 else v[:11] + "\u2026")
    if t is _bool or v is None or (t is _float and -1e12 < v < 1e12):
        return _repr(v)
    if t is _int and -10**12 < v < 10**12:
        return _repr(v)
    return "\u2026"


def _task_label(coro):
    """'fetch('a')': the coroutine's name and its arguments, shortened, for
    showing a run (trace field 'label'; 'name' stays the task's name, which
    checks match). None when coro is not a plain coroutine."""
    try:
        code = coro.cr_code
        frame = coro.cr_frame
        if _type(code).__name__ != "code" or frame is None:
            return None
        loc = frame.f_locals
        args = [_label_arg(loc.get(a)) for a in
                code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]]
        text = "%s(%s)" % (code.co_name, ", ".join(args))
        return text if _len(text) <= 40 else text[:39] + "\u2026"
    except Exception:
        return None


def _clip(s):
    s = str(s)
    return s if len(s) <= TEXT_CAP else s[:TEXT_CAP] + "...[truncated]"


def _emit(ev, tid=0, name="", what=""):
    if V.out is None or V.finished:
        return
    if V.unannounced:
        _announce()
    _emit_raw(ev, tid, name, what)


def _announce():
    """Emit the deferred spawn/ready of new tasks. Deferred because
    asyncio.create_task() sets the task's name after loop.create_task()."""
    with V.wlock:
        items, V.unannounced = V.unannounced, []
    for task, tid, parent in items:
        name = task.get_name()
        _emit_raw("spawn", tid, name, parent)
        _emit_raw("ready", tid, name, "")


def _emit_raw(ev, tid, name, what, worker=None):
    if os.getpid() != V.pid:          # forked child: never write
        return
    with V.wlock:
        if V.finished:
            return
        V.n_events += 1
        if V.n_events > TRACE_CAP:
            if V.n_events == TRACE_CAP + 1:
                _add_warning("looplab: trace truncated after %d events" % TRACE_CAP,
                             force=True)
            if ev != "warn":
                return
        rec = {"t": V.clock, "rt": round(_perf() - _T0, 6), "ev": ev,
               "task": tid, "name": name, "what": _clip(what)}
        if worker is not None:
            rec["worker"] = worker
        label = V.labels.get(tid) if tid else None
        if label is not None and label != name:
            rec["label"] = label
        try:
            _out_write(_trust.dumps(rec) + "\n")
        except (OSError, ValueError):
            V.out = None


def _out_write(text):
    """Every byte of the result stream goes through here: the seal signs
    their digest, so nothing else may write to the result fd. Lone
    surrogates (student text) become U+FFFD: the stream is UTF-8."""
    data = text.encode("utf-8", "replace")
    V.digest.update(data)
    V.lines += data.count(b"\n")
    while data:
        n = V.out.write(data)
        data = data[n:]


def _task_info(task):
    if task is None:
        return 0, ""
    tid = V.task_ids.get(task, 0) if isinstance(task, asyncio.Future) else 0
    try:
        name = task.get_name()
    except Exception:
        name = ""
    return tid, name


def _emit_task(ev, task, what=""):
    tid, name = _task_info(task)
    _emit(ev, tid, name, what)


def _current_task():
    """The asyncio task running in this thread, or None."""
    loop = asyncio.events._get_running_loop()
    if loop is None:
        return None
    try:
        return asyncio.tasks.current_task(loop)
    except RuntimeError:
        return None


def _add_warning(msg, force=False):
    msg = _clip(msg)
    if len(V.warnings) < WARN_CAP:
        V.warnings.append(msg)
    task = _current_task() if threading.current_thread() is threading.main_thread() else None
    if force:
        # bypass the trace cap recursion guard
        tid, name = _task_info(task)
        if V.out is not None and not V.finished and os.getpid() == V.pid:
            rec = {"t": V.clock, "rt": round(_perf() - _T0, 6), "ev": "warn",
                   "task": tid, "name": name, "what": msg}
            with V.wlock:
                try:
                    _out_write(_trust.dumps(rec) + "\n")
                except (OSError, ValueError):
                    V.out = None
        return
    _emit_task("warn", task, msg)


def _add_block(task, what):
    tid, name = _task_info(task)
    V.blocking.append({"t": V.clock, "task": name, "what": what})
    _emit("block", tid, name, what)


# --------------------------------------------------------------------------
# Result line and process exit
# --------------------------------------------------------------------------
def _write_result(status, error="", exc_type=""):
    if os.getpid() != V.pid:
        return
    if V.unannounced:
        _announce()
    with V.wlock:
        if V.finished:
            return
        what = _trust.tampered()
        if what is not None and status != "internal":
            # the code we run on was replaced: nothing we recorded holds
            status, exc_type = "error", "Tampered"
            error = ("looplab: the program replaced %s, which the grader "
                     "runs on, so its results were not accepted\n" % what)
            V.main_end, V.main_result = "", None
        rec = {"ev": "result", "status": status, "vtime": V.clock,
               "error": error, "exc_type": exc_type,
               "blocking": V.blocking, "warnings": V.warnings,
               "tasks_pending": V.tasks_pending, "python": _PYVER,
               "main_end": V.main_end, "result": V.main_result,
               "cancel_at": V.cancel_at, "lab": _lab.stats(),
               "unawaited": V.unawaited}
        try:
            rec.update(_probes.summary())
        except Exception:
            pass
        try:
            _threads.extend_summary(rec)
        except Exception:
            pass
        if V.lint is not None:
            rec["lint"] = V.lint
        V.finished = True
        if V.out is not None:
            try:
                _out_write(_trust.dumps(rec) + "\n")
            except (OSError, ValueError):
                pass


def _flush_std():
    for f in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if f is not None:
                f.flush()
        except Exception:
            pass
    if isinstance(sys.stdout, _Tee):
        sys.stdout._flush_partial()


def _finish_now(status, error="", exc_type="", code=EXIT_FAIL):
    """Write the result and leave at once (from any thread)."""
    _flush_std()
    _write_result(status, error, exc_type)
    _flush_std()
    if V.seal is not None and V.out is not None and os.getpid() == V.pid:
        with V.wlock:
            V.seal((V.lines, V.digest.hexdigest()))
    os._exit(code)


def _pending_report(loop):
    """Names and stacks of the not-done tasks of loop."""
    names, parts = [], []
    for t in _sorted_tasks(asyncio.tasks.all_tasks(loop)):
        if t.done():
            continue
        tid, name = _task_info(t)
        names.append(name)
        buf = io.StringIO()
        try:
            _trust.print_stack(t, buf)
        except Exception as e:      # pragma: no cover
            buf.write("(no stack: %r)\n" % (e,))
        parts.append("task %d %r:\n%s" % (tid, name, buf.getvalue()))
    return names, parts


def _sorted_tasks(tasks):
    return sorted(tasks, key=lambda t: V.task_ids.get(t, 1 << 30))


# --------------------------------------------------------------------------
# Virtual time for blocking calls and threads
# --------------------------------------------------------------------------
def _wake_loops():
    for lp in list(V.running_loops):
        try:
            lp._write_to_self()
        except Exception:
            pass


def _check_secs(secs):
    if isinstance(secs, bool) or not isinstance(secs, (int, float)):
        try:
            secs = float(secs)
        except (TypeError, ValueError):
            raise TypeError("'%s' object cannot be interpreted as an integer"
                            % type(secs).__name__) from None
    secs = float(secs)
    if secs != secs:
        raise ValueError("Invalid value NaN (not a number)")
    if secs < 0:
        raise ValueError("sleep length must be non-negative")
    return secs


def _vsleep(secs):
    """Replacement for time.sleep: costs virtual time, never real time."""
    secs = _check_secs(secs)
    if os.getpid() != V.pid:
        # a forked child (a process pool's worker): our clock and threads
        # stayed in the parent, so nothing would ever advance its time
        return _real_sleep(secs)
    ident = threading.get_ident()
    loop = asyncio.events._get_running_loop()
    if isinstance(loop, VirtualLoop):
        # In the loop thread while it runs: a blocking call. It stalls the
        # whole loop, so the clock jumps and the call is recorded.
        task = asyncio.tasks.current_task(loop)
        _add_block(task, "time.sleep(%s)" % _fmt_num(secs))
        _advance_by(secs)
        return None
    with V.cv:
        direct = not V.running_loops and not _others_alive()
        if not direct:
            # Another thread (executor job or plain thread) while a virtual
            # loop runs, or one of several threads without a loop: barrier
            # sleep. The loop (or, without a running loop, the timekeeper
            # thread) advances the clock to the earliest sleeper deadline or
            # timer once every participant sleeps; we wait for our deadline.
            deadline = V.clock + secs
            V.awake.pop(ident, None)
            V.stale.discard(ident)
            V.sleepers[ident] = deadline
            _bump()
            if not V.running_loops:
                _ensure_timekeeper()
            try:
                while V.clock < deadline:
                    V.cv.wait(REAL_WAIT_S)
            finally:
                V.sleepers.pop(ident, None)
                if ident not in V.work_running:
                    # a plain thread that sleeps takes part in the barrier
                    # until it blocks elsewhere (see _thread_state)
                    V.awake[ident] = threading.current_thread()
                _bump()
            return None
        # The only thread, no loop running: the clock just jumps.
        target = V.clock + secs
    if target > V.max_vtime:
        _vtime_limit("time.sleep(%s) would pass --max-vtime %g" % (_fmt_num(secs), V.max_vtime))
    with V.cv:
        if target > V.clock:
            V.clock = target
            _bump()
    return None


def _bump():
    """Caller holds V.cv: a thread state changed."""
    V.gen += 1
    V.cv.notify_all()
    _wake_loops()


def _others_alive():
    """Threads that may act, other than this one: everything alive except
    the timekeeper and idle pool workers."""
    me = threading.current_thread()
    pool = set()
    for ex in list(V.executors):
        pool.update(getattr(ex, "_threads", ()))
    busy_idents = V.work_running
    for th in threading.enumerate():
        if th is me or th is V.keeper:
            continue
        if th in pool and th.ident not in busy_idents:
            continue
        return True
    return False


_orig_thread_start = threading.Thread.start


def _thread_start(self):
    """Thread.start that makes a student thread a barrier participant from
    its first instruction (so time waits for it to reach its first sleep)."""
    target = getattr(self, "_target", None)
    mod = getattr(target, "__module__", None) or ""
    if (self is V.keeper or mod.startswith(("asyncio", "concurrent.futures"))
            or os.getpid() != V.pid):
        return _orig_thread_start(self)
    try:
        _probes.thread_started()
    except Exception:
        pass
    _mark_awake_current()
    with V.cv:
        _orig_thread_start(self)      # returns once the thread is started
        if self.ident is not None and self.ident not in V.sleepers:
            V.awake[self.ident] = self
            _bump()


def _mark_awake_current():
    """The calling thread did something observable (started a thread,
    submitted a job): it takes part in the barrier (unless it runs a loop)."""
    if isinstance(asyncio.events._get_running_loop(), VirtualLoop):
        return
    ident = threading.get_ident()
    with V.cv:
        if ident not in V.sleepers and ident not in V.work_running:
            V.awake[ident] = threading.current_thread()
        V.stale.discard(ident)
        _bump()


def _ensure_timekeeper():
    if V.keeper is None:
        V.keeper = threading.Thread(target=_trust.opaque(_timekeeper),
                                    name="looplab-timekeeper",
                                    daemon=True)
        V.keeper.start()


def _timekeeper():
    """Advances virtual time for sleeping threads while no loop runs."""
    limit_msg = None
    with V.cv:
        gen_seen = settled = None
        while True:
            if V.running_loops or not V.sleepers:
                gen_seen = None
                V.cv.wait(REAL_WAIT_S)
                continue
            busy, earliest = _thread_state()
            if busy:
                if V.gen != gen_seen:
                    gen_seen = V.gen
                    V.cv.wait(GRACE_S)
                    continue
                _mark_stale()
                gen_seen = None
                continue
            if earliest is None:
                V.cv.wait(REAL_WAIT_S)
                continue
            if V.gen != settled:
                # give threads just notified (a result, an event) a moment
                # to run before time moves on
                settled = V.gen
                V.cv.wait(SETTLE_S)
                continue
            if earliest > V.max_vtime:
                limit_msg = ("a thread's time.sleep ends at t=%s, past --max-vtime %g"
                             % (_fmt_num(earliest), V.max_vtime))
                break
            V.clock = earliest
            gen_seen = None
            _bump()
    _vtime_limit(limit_msg)


def _fmt_num(x):
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def _advance_by(secs):
    target = V.clock + secs
    if target > V.max_vtime:
        _vtime_limit("a blocking call would pass --max-vtime %g" % V.max_vtime)
    with V.cv:
        if target > V.clock:
            V.clock = target
            V.gen += 1
            V.cv.notify_all()


def _vtime_limit(msg):
    names = []
    parts = []
    for lp in list(V.running_loops):
        n, p = _pending_report(lp)
        names += n
        parts += p
    V.tasks_pending = V.tasks_pending + names
    err = "virtual time limit: %s (vtime %s)\n" % (msg, _fmt_num(V.clock))
    if parts:
        err += "\n" + "\n".join(parts)
    _finish_now("vtime_limit", err, "")


# The fast-forward clocks: real time plus the virtual time skipped so far, so
# elapsed-time prints around sleeps show virtual seconds and CPU work still
# measures real seconds. loop.time() is purely virtual (see VirtualLoop.time).
def _ff_monotonic():
    return _real_monotonic() + V.clock


def _ff_perf_counter():
    return _perf() + V.clock


def _ff_time():
    return _real_time() + V.clock


def _ff_monotonic_ns():
    return _real_monotonic_ns() + int(V.clock * 1e9)


def _ff_perf_counter_ns():
    return _real_perf_ns() + int(V.clock * 1e9)


def _ff_time_ns():
    return _real_time_ns() + int(V.clock * 1e9)


# ---- ThreadPoolExecutor accounting (the executor barrier) -----------------
class _Job:
    __slots__ = ("ex", "state")

    def __init__(self, ex):
        self.ex = ex
        self.state = "queued"


def _ex_counts(ex):
    c = getattr(ex, "_ll_counts", None)
    if c is None:
        c = ex._ll_counts = [0, 0]    # queued, running
    return c


def _tp_submit(self, fn, /, *args, **kwargs):
    # Copy of 3.11's ThreadPoolExecutor.submit, tagging the work item.
    _mark_awake_current()
    with self._shutdown_lock, _cft._global_shutdown_lock:
        if self._broken:
            raise _cft.BrokenThreadPool(self._broken)
        if self._shutdown:
            raise RuntimeError('cannot schedule new futures after shutdown')
        if _cft._shutdown:
            raise RuntimeError('cannot schedule new futures after '
                               'interpreter shutdown')
        f = concurrent.futures.Future()
        w = _cft._WorkItem(f, fn, args, kwargs)
        job = _Job(self)
        w._ll_job = job
        with V.cv:
            _ex_counts(self)[0] += 1
            V.executors.add(self)
            V.gen += 1
            V.cv.notify_all()
        f.add_done_callback(_trust.opaque(lambda fut, job=job: _job_cancelled(fut, job)))
        self._work_queue.put(w)
        self._adjust_thread_count()
        return f


def _job_cancelled(fut, job):
    if not fut.cancelled():
        return
    with V.cv:
        if job.state == "queued":
            job.state = "gone"
            _ex_counts(job.ex)[0] -= 1
            V.gen += 1
            V.cv.notify_all()


_orig_workitem_run = _cft._WorkItem.run


def _workitem_run(self):
    job = getattr(self, "_ll_job", None)
    ident = threading.get_ident()
    counted = False
    if job is not None:
        with V.cv:
            if job.state == "queued":
                job.state = "running"
                c = _ex_counts(job.ex)
                c[0] -= 1
                c[1] += 1
                V.work_running[ident] = job.ex
                _probes.worker_ran(ident)
                V.awake.pop(ident, None)
                V.stale.discard(ident)
                _bump()
                counted = True
    try:
        _orig_workitem_run(self)
    finally:
        if counted:
            with V.cv:
                job.state = "done"
                _ex_counts(job.ex)[1] -= 1
                V.work_running.pop(ident, None)
                V.stale.discard(ident)
                _bump()


def _thread_state():
    """(busy, earliest sleeper deadline) -- caller holds V.cv.

    busy: a barrier participant is awake (an executor job running outside a
    virtual sleep, a sleeper just woken, or a plain thread back from a
    virtual sleep), or a job is queued while its pool has a free worker, or
    a non-thread executor job is in flight. Participants that showed no
    progress for REAL_WAIT_S are 'stale' (blocked on something else) and
    don't count until they sleep or finish.
    """
    clock = V.clock
    stale = V.stale
    awake = 0
    earliest = None
    for ident, d in V.sleepers.items():
        if d > clock:
            if earliest is None or d < earliest:
                earliest = d
        elif ident not in stale:
            awake += 1                     # woken, not yet running again
    cand = [i for i in V.work_running if i not in V.sleepers and i not in stale]
    for ident, th in list(V.awake.items()):
        if not th.is_alive():
            del V.awake[ident]
        elif ident not in stale:
            cand.append(ident)
    if cand:
        # a thread whose innermost Python frame is threading's Condition /
        # Event / Semaphore wait or Thread.join is blocked (this covers
        # queue.Queue, concurrent.futures results and joins); looked at on
        # looplab/_trust.py's inspector thread, never here
        awake += _trust.awake_count(cand)
    busy = awake > 0 or V.other_jobs > 0
    if not busy:
        for ex in list(V.executors):
            q, r = _ex_counts(ex)
            if q > 0 and r < getattr(ex, "_max_workers", 1):
                busy = True
                break
    return busy, earliest


def _jobs_in_flight():
    with V.cv:
        if V.work_running or V.other_jobs > 0:
            return True
        return any(_ex_counts(ex)[0] > 0 for ex in list(V.executors))


def _mark_stale():
    """Caller holds V.cv: every awake participant is now considered blocked."""
    clock = V.clock
    for ident, d in V.sleepers.items():
        if d <= clock:
            V.stale.add(ident)
    for ident in V.work_running:
        if ident not in V.sleepers:
            V.stale.add(ident)
    V.stale.update(V.awake)


def _foreign_threads_alive():
    """Threads other than this one and idle pool workers are alive."""
    me = threading.current_thread()
    pool = set()
    for ex in list(V.executors):
        pool.update(getattr(ex, "_threads", ()))
    for th in threading.enumerate():
        if th is me or th in pool or th is V.keeper:
            continue
        return True
    return False


# --------------------------------------------------------------------------
# The virtual-clock event loop
# --------------------------------------------------------------------------
_seq = iter(range(1, 1 << 62)).__next__


class _FifoTimerHandle(asyncio.events.TimerHandle):
    """TimerHandle ordered by (when, seq): equal deadlines fire FIFO."""
    __slots__ = ("_ll_seq",)

    def __init__(self, when, callback, args, loop, context=None):
        super().__init__(when, callback, args, loop, context)
        self._ll_seq = _seq()

    def __lt__(self, other):
        if isinstance(other, _FifoTimerHandle):
            return (self._when, self._ll_seq) < (other._when, other._ll_seq)
        return super().__lt__(other)

    def __le__(self, other):
        if isinstance(other, _FifoTimerHandle):
            return (self._when, self._ll_seq) <= (other._when, other._ll_seq)
        return super().__le__(other)

    def __gt__(self, other):
        if isinstance(other, _FifoTimerHandle):
            return (self._when, self._ll_seq) > (other._when, other._ll_seq)
        return super().__gt__(other)

    def __ge__(self, other):
        if isinstance(other, _FifoTimerHandle):
            return (self._when, self._ll_seq) >= (other._when, other._ll_seq)
        return super().__ge__(other)

    __hash__ = asyncio.events.TimerHandle.__hash__


_INTERNAL_CORO = {"BaseEventLoop.shutdown_asyncgens",
                  "BaseEventLoop.shutdown_default_executor"}
_Task = asyncio.Task


class VirtualLoop(asyncio.unix_events.SelectorEventLoop):
    """SelectorEventLoop on the process-wide virtual clock."""

    def __init__(self, *a, **kw):
        if V.importing is not None:
            self._closed = True       # so __del__ has nothing to say
            # the module started a loop while it was imported: its
            # asyncio.run(main()) has no __main__ guard
            raise _StudentFault(
                "importing %s.py started an event loop (asyncio.run at the "
                "top level of the file?). The checks import your file and "
                "call its functions themselves: keep asyncio.run(main()) "
                "under the starter's `if __name__ == \"__main__\":` line."
                % V.importing, "RuntimeError")
        super().__init__(*a, **kw)

    def time(self):
        return V.clock

    # -- timers: FIFO ties
    def call_at(self, when, callback, *args, context=None):
        if when is None:
            raise TypeError("when cannot be None")
        self._check_closed()
        if self._debug:
            self._check_thread()
            self._check_callback(callback, 'call_at')
        timer = _FifoTimerHandle(when, callback, args, self, context)
        if timer._source_traceback:
            del timer._source_traceback[-1]
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer

    def call_soon(self, callback, *args, context=None):
        h = super().call_soon(callback, *args, context=context)
        owner = getattr(callback, "__self__", None)
        if isinstance(owner, _Task):
            tid = V.task_ids.get(owner)
            if tid:
                _emit("ready", tid, owner.get_name(), "")
        return h

    # -- tasks: ids, spawn/done tracing
    def create_task(self, coro, *, name=None, context=None):
        parent = _current_task()
        task = super().create_task(coro, name=name, context=context)
        if isinstance(task, asyncio.Future):
            qn = getattr(getattr(coro, "cr_code", None), "co_qualname", "")
            if qn in _INTERNAL_CORO:
                return task
            tid = V.next_tid
            V.next_tid += 1
            V.task_ids[task] = tid
            label = _task_label(coro)
            if label is not None:
                V.labels[tid] = label
            if _loop_main(self) is None:      # kept in V, not on the loop
                V.loop_main[id(self)] = (_wref(self), _wref(task))
                if V.cancel_at is not None and tid == 1:
                    self.call_at(V.cancel_at, _trust.opaque(_cancel_main), task)
            V.unannounced.append(
                (task, tid, parent.get_name() if parent is not None else ""))
            task.add_done_callback(_ON_TASK_DONE)
        return task

    # -- executor jobs that are not threads (process pools): keep the loop
    # from declaring a deadlock while they run
    def run_in_executor(self, executor, func, *args):
        fut = super().run_in_executor(executor, func, *args)
        if executor is not None and not isinstance(executor, concurrent.futures.ThreadPoolExecutor):
            with V.cv:
                V.other_jobs += 1
                V.gen += 1

            def _dec(_f):
                with V.cv:
                    V.other_jobs -= 1
                    V.gen += 1
            fut.add_done_callback(_trust.opaque(_dec))
        return fut

    # -- diagnostics
    def call_exception_handler(self, context):
        try:
            _record_loop_diag(context)
        except Exception:
            pass
        return super().call_exception_handler(context)

    # -- run_forever: register as running for the thread barrier
    def run_forever(self):
        with V.cv:
            V.running_loops.add(self)
            V.awake.pop(threading.get_ident(), None)   # the loop thread advances
            V.gen += 1
        try:
            return super().run_forever()
        finally:
            with V.cv:
                V.running_loops.discard(self)
                V.gen += 1
                V.cv.notify_all()
                if V.sleepers and not V.running_loops:
                    _ensure_timekeeper()   # threads still sleep: keep time moving

    # -- one iteration (copy of 3.11's BaseEventLoop._run_once, with the
    # virtual select, seeded permutation and per-step tracing)
    def _run_once(self):
        sched_count = len(self._scheduled)
        if (sched_count > asyncio.base_events._MIN_SCHEDULED_TIMER_HANDLES and
            self._timer_cancelled_count / sched_count >
                asyncio.base_events._MIN_CANCELLED_TIMER_HANDLES_FRACTION):
            new_scheduled = []
            for handle in self._scheduled:
                if handle._cancelled:
                    handle._scheduled = False
                else:
                    new_scheduled.append(handle)
            heapq.heapify(new_scheduled)
            self._scheduled = new_scheduled
            self._timer_cancelled_count = 0
        else:
            while self._scheduled and self._scheduled[0]._cancelled:
                self._timer_cancelled_count -= 1
                handle = heapq.heappop(self._scheduled)
                handle._scheduled = False

        if self._ready or self._stopping:
            event_list = self._selector.select(0)
        else:
            event_list = self._idle_select()
        self._process_events(event_list)
        event_list = None

        end_time = self.time() + self._clock_resolution
        while self._scheduled:
            handle = self._scheduled[0]
            if handle._when >= end_time:
                break
            handle = heapq.heappop(self._scheduled)
            handle._scheduled = False
            self._ready.append(handle)

        ready = self._ready
        ntodo = len(ready)
        if V.rng is not None and ntodo > 1:
            batch = [ready.popleft() for _ in range(ntodo)]
            V.rng.shuffle(batch)
            ready.extendleft(reversed(batch))
            batch = None
        ids = V.task_ids
        for i in range(ntodo):
            handle = ready.popleft()
            if handle._cancelled:
                continue
            owner = getattr(handle._callback, "__self__", None)
            tid = ids.get(owner) if isinstance(owner, _Task) else None
            if tid:
                _emit("run", tid, owner.get_name(), "")
            else:
                owner = None
            if self._debug:
                self._current_handle = handle
            t0 = _cpu()
            try:
                handle._run()
            finally:
                self._current_handle = None
                dt = _cpu() - t0
                if V.unannounced:
                    _announce()
                if dt > SLOW_STEP_S:
                    _add_block(owner, "slow step: %.0f ms of CPU time" % (dt * 1000.0))
                if tid:
                    if owner.done():
                        _report_end(owner)
                    else:
                        _emit("suspend", tid, owner.get_name(), "await")
        handle = None

    def _idle_select(self):
        """Nothing is ready: poll I/O, then advance the virtual clock to the
        next timer (or executor sleeper), wait for real work, or stop with a
        deadlock / vtime_limit report."""
        sel = self._selector
        gen_seen = None
        while True:
            real_io = len(sel.get_map()) > 1 or bool(getattr(self, "_signal_handlers", None))
            ev = sel.select(REAL_IO_POLL_S if real_io else 0)
            if ev or self._ready or self._stopping:
                return ev
            with V.cv:
                busy, sleeper = _thread_state()
                gen = V.gen
            # a job that finished queued its callback (call_soon_threadsafe)
            # before leaving V.work_running: look at _ready only now
            if self._ready:
                return []
            if busy:
                if gen != gen_seen:
                    # threads are working: wait (really) for them to finish
                    # or to start a virtual sleep; both wake the self-pipe
                    gen_seen = gen
                    ev = sel.select(GRACE_S)
                    if ev or self._ready:
                        return ev
                    continue
                # no progress for REAL_WAIT_S: they are blocked on something
                # else (a lock, a queue, CPU work); let time move
                with V.cv:
                    _mark_stale()
            target = self._scheduled[0]._when if self._scheduled else None
            if sleeper is not None and (target is None or sleeper < target):
                target = sleeper
            if target is not None:
                if target > V.max_vtime:
                    _vtime_limit("next event at t=%s is past --max-vtime %g"
                                 % (_fmt_num(target), V.max_vtime))
                with V.cv:
                    if target > V.clock:
                        V.clock = target
                        V.gen += 1
                        V.cv.notify_all()
                return []
            if real_io or busy or _jobs_in_flight() or _foreign_threads_alive():
                ev = sel.select(REAL_WAIT_S)
                if ev or self._ready:
                    return ev
                continue
            self._ll_deadlock()

    def _ll_deadlock(self):
        names, parts = _pending_report(self)
        V.tasks_pending = V.tasks_pending + names
        err = ("deadlock: all tasks blocked (no ready callbacks, no timers, no I/O, "
               "no executor jobs) at vtime %s\n" % _fmt_num(V.clock))
        if parts:
            err += "\n" + "\n".join(parts)
        _finish_now("deadlock", err, "")


def _report_end(task):
    tid = V.task_ids.get(task)
    if not tid or tid in V.reported:
        return
    V.reported.add(tid)
    name = task.get_name()
    if task.cancelled():
        _emit("cancel", tid, name, "")
    else:
        exc = task._exception
        if exc is not None:
            _emit("error", tid, name, "%s: %s" % (type(exc).__name__, exc))
        else:
            _emit("done", tid, name, "")
    loop = task.get_loop()
    main = _loop_main(loop)
    if main is not None and main() is task:
        _trust.tampered(note=True)      # a patch undone later still counts
        if not V.main_end:
            _record_main_end(task)
        # snapshot of what main left behind (asyncio.run will cancel them)
        left = [t for t in _sorted_tasks(asyncio.tasks.all_tasks(loop))
                if not t.done() and t is not task and t in V.task_ids]
        V.tasks_pending = V.tasks_pending + [t.get_name() for t in left]


def _loop_main(loop):
    """The ref to loop's first task, or None."""
    e = V.loop_main.get(id(loop))
    return e[1] if e is not None and e[0]() is loop else None


def _cancel_main(task):
    if not task.done():
        tid, name = _task_info(task)
        _emit("warn", tid, name, "looplab: cancelling the main task at t=%s"
              % _fmt_num(V.clock))
        task.cancel()


def _safe_repr(v):
    """repr that never raises (huge ints, hostile __repr__), clipped."""
    try:
        if isinstance(v, int) and not isinstance(v, bool) and \
                v.bit_length() > 64:
            return "<int of %d bits>" % v.bit_length()
        return _clip(repr(v))
    except BaseException:
        return "<%s object>" % type(v).__name__


def _json_value(v, depth=0):
    """v as JSON data if it is plain data, else its repr. Only what the C
    side reads losslessly: finite floats, 64-bit ints."""
    if v is None or type(v) in (bool, str):
        return v
    if type(v) is int:
        return v if -2**63 <= v < 2**63 else _safe_repr(v)
    if type(v) is float:
        return v if v == v and v not in (float("inf"), float("-inf")) \
            else _safe_repr(v)
    if depth < 20 and isinstance(v, (list, tuple)):
        return [_json_value(x, depth + 1) for x in v]
    if depth < 20 and isinstance(v, dict) and all(isinstance(k, str) for k in v):
        return {k: _json_value(x, depth + 1) for k, x in v.items()}
    return _safe_repr(v)


def _result_value(v):
    """main()'s value for the summary, bounded (looplab/_trust.py)."""
    if not _trust.result_fits(v):
        return ("<too big to keep: the value has more than 100000 items "
                "or 1 MiB of text>")
    return _json_value(v)


def _record_main_end(task):
    if task.cancelled():
        V.main_end = "cancel"
    elif task._exception is not None:
        V.main_end = "error"
    else:
        V.main_end = "done"
        try:
            V.main_result = _result_value(task._result)
        except Exception:
            V.main_result = None


def _on_task_done(task):
    _report_end(task)


_ON_TASK_DONE = _trust.opaque(_on_task_done)


class VirtualPolicy(asyncio.unix_events.DefaultEventLoopPolicy):
    _loop_factory = VirtualLoop


# --------------------------------------------------------------------------
# Diagnostics
# --------------------------------------------------------------------------
def _record_loop_diag(context):
    msg = context.get("message") or "unhandled exception in event loop"
    exc = context.get("exception")
    if exc is not None:
        msg += ": %s: %s" % (type(exc).__name__, exc)
    obj = context.get("task") or context.get("future")
    if isinstance(obj, _Task):
        msg += " (task %r)" % obj.get_name()
    _add_warning(msg)


_orig_showwarning = warnings.showwarning


def _showwarning(message, category, filename, lineno, file=None, line=None):
    try:
        _add_warning("%s: %s" % (category.__name__, message))
    except Exception:
        pass
    try:
        _orig_showwarning(message, category, filename, lineno, file, line)
    except Exception:
        pass


def _unawaited_call(filename, lineno, name):
    """How the line calls it ("lab.fetch", "self.get"), or ""."""
    import linecache
    import re
    short = name.rsplit(".", 1)[-1]
    m = re.search(r"((?:[A-Za-z_]\w*\.)*)%s\s*\(" % re.escape(short),
                  linecache.getline(filename, lineno))
    return m.group(1) + short if m else ""


def _warn_unawaited(coro):
    """warnings' hook for "coroutine 'f' was never awaited", called when the
    coroutine is collected: note the student's line that created it (its
    cr_origin, recorded since _install), then warn with CPython's own words
    (without the origin traceback, which would show harness frames)."""
    name = getattr(coro, "__qualname__", "?")
    try:
        line, where, call = 0, "", ""
        main = os.path.abspath(V.file) if V.file else None
        for filename, lineno, _func in getattr(coro, "cr_origin", None) or ():
            path = os.path.abspath(filename)
            if main and (path == main or os.path.dirname(path) == os.path.dirname(main)):
                line, where = lineno, "" if path == main else os.path.basename(path)
                call = _unawaited_call(filename, lineno, name)
                break                         # innermost frame of the student's files
        rec = {"name": name, "line": line, "file": where, "call": call}
        if rec not in V.unawaited and len(V.unawaited) < 20:
            V.unawaited.append(rec)
    except Exception:
        pass
    warnings.warn("coroutine '%s' was never awaited" % name, RuntimeWarning,
                  stacklevel=2, source=coro)


class _Tee:
    """sys.stdout wrapper: writes through and records each line."""

    def __init__(self, inner):
        self._inner = inner
        self._buf = []
        self._len = 0
        self._lock = threading.RLock()

    def write(self, s):
        n = self._inner.write(s)
        if not isinstance(s, str):
            return n
        with self._lock:
            if "\n" not in s:
                self._buf.append(s)
                self._len += len(s)
                if self._len > 65536:
                    self._flush_partial()
                return n
            parts = s.split("\n")
            first = "".join(self._buf) + parts[0]
            self._buf = []
            self._len = 0
            task = _current_task()
            tid, name = _task_info(task)
            if not tid:
                tid, name = _threads.current()
            _emit("output", tid, name, first)
            for line in parts[1:-1]:
                _emit("output", tid, name, line)
            if parts[-1]:
                self._buf.append(parts[-1])
                self._len = len(parts[-1])
        return n

    def _flush_partial(self):
        with self._lock:
            if self._buf:
                text = "".join(self._buf)
                self._buf = []
                self._len = 0
                tid, name = _task_info(_current_task())
                _emit("output", tid, name, text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        return self._inner.flush()

    def __getattr__(self, name):
        return getattr(self._inner, name)


# --------------------------------------------------------------------------
# Running the student's file
# --------------------------------------------------------------------------
def _trim_tb(tb):
    while tb is not None and (tb.tb_frame.f_code.co_filename.startswith("<frozen ") or
                              os.path.abspath(tb.tb_frame.f_code.co_filename)
                              in (HARNESS_FILE, _RUNPY_FILE)):
        tb = tb.tb_next
    return tb


def _is_harness_bug(exc):
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    if last is None:
        return False
    code = last.tb_frame.f_code
    return (os.path.abspath(code.co_filename) == HARNESS_FILE
            and code.co_name not in ("_vsleep", "_check_secs", "_advance_by"))


def _format_exc(exc):
    tb = _trim_tb(exc.__traceback__)
    text = "".join(traceback.format_exception(type(exc), exc, tb))
    if V.origin and V.file:
        # the grader runs a private copy: show the student their own path
        text = text.replace(V.file, V.origin)
    return text


def _format_syntax(e):
    """file:line:col: SyntaxError: msg, the line, a caret under col."""
    name = V.origin or e.filename or "?"
    line, col = e.lineno or 0, e.offset or 0
    text = (e.text or "").rstrip("\n")
    lead = len(text) - len(text.lstrip())
    out = "%s:%d:%d: %s: %s" % (name, line, col, type(e).__name__, e.msg)
    if text.strip():
        out += "\n    %s\n    %s^" % (text.strip(), " " * max(col - 1 - lead, 0))
    return out + "\n"


def _parse_args(argv):
    opts = {"file": None, "fd": None, "seed": 0, "max_vtime": 3600.0,
            "lab": None, "cancel_at": None, "lint": False, "origin": None,
            "key_fd": None, "nonce": "", "as_limit": None, "wall_limit": None,
            "call": None, "args": "[]", "kwargs": "{}", "set": "{}",
            "threads": "auto"}
    i = 0
    while i < len(argv):
        a = argv[i]
        key, val = a, None
        if a.startswith("--") and "=" in a:
            key, val = a.split("=", 1)
        if key == "--lint":
            opts["lint"] = True
            i += 1
            continue
        if key in ("--file", "--result-fd", "--seed", "--max-vtime", "--lab",
                   "--cancel-at", "--origin", "--key-fd", "--nonce",
                   "--as-limit", "--call", "--args", "--kwargs", "--set",
                   "--threads", "--wall-limit"):
            if val is None:
                i += 1
                if i >= len(argv):
                    raise ValueError("%s needs a value" % key)
                val = argv[i]
            if key == "--file":
                opts["file"] = val
            elif key == "--result-fd":
                opts["fd"] = int(val)
            elif key == "--seed":
                opts["seed"] = int(val)
            elif key == "--lab":
                opts["lab"] = val
            elif key == "--origin":
                opts["origin"] = val
            elif key == "--key-fd":
                opts["key_fd"] = int(val)
            elif key == "--as-limit":
                opts["as_limit"] = int(val)
            elif key == "--wall-limit":
                opts["wall_limit"] = float(val)
                if not opts["wall_limit"] > 0:
                    raise ValueError("--wall-limit must be > 0")
            elif key == "--call":
                if not val.isidentifier():
                    raise ValueError("--call must be a function name")
                opts["call"] = val
            elif key in ("--args", "--kwargs", "--set"):
                opts[key[2:]] = val
            elif key == "--threads":
                if val not in _threads.MODES + ("auto",):
                    raise ValueError("--threads must be auto, off, on, lines or ops")
                opts["threads"] = val
            elif key == "--nonce":
                if not val.isalnum() or len(val) > 64:
                    raise ValueError("--nonce must be letters and digits")
                opts["nonce"] = val
            elif key == "--cancel-at":
                opts["cancel_at"] = float(val)
                if not opts["cancel_at"] >= 0:
                    raise ValueError("--cancel-at must be >= 0")
            else:
                opts["max_vtime"] = float(val)
        else:
            raise ValueError("unknown argument %r" % a)
        i += 1
    if opts["file"] is None or opts["fd"] is None:
        raise ValueError("--file and --result-fd are required")
    if not opts["max_vtime"] > 0:
        raise ValueError("--max-vtime must be > 0")
    for k in ("args", "kwargs", "set"):
        try:
            opts[k] = json.loads(opts[k])
        except ValueError:
            raise ValueError("--%s must be JSON" % k)
    # Lua's empty table reaches us as {}: no arguments
    if opts["args"] == {}:
        opts["args"] = []
    if not isinstance(opts["args"], list) or \
            not isinstance(opts["kwargs"], dict) or \
            not isinstance(opts["set"], dict):
        raise ValueError("--args must be a JSON list, --kwargs and --set objects")
    return opts


def _install(opts):
    V.max_vtime = opts["max_vtime"]
    V.cancel_at = opts["cancel_at"]
    if opts["lab"]:
        text = opts["lab"]
        if text.startswith("@"):
            with open(text[1:], encoding="utf-8") as f:
                text = f.read()
        _lab.configure(json.loads(text))
    seed = opts["seed"]
    V.rng = random.Random(seed) if seed != 0 else None
    random.seed(seed)       # student randomness is reproducible too

    # event loop
    asyncio.set_event_loop_policy(VirtualPolicy())
    asyncio.SelectorEventLoop = VirtualLoop
    asyncio.unix_events.SelectorEventLoop = VirtualLoop
    asyncio.DefaultEventLoopPolicy = VirtualPolicy
    asyncio.unix_events.DefaultEventLoopPolicy = VirtualPolicy

    # executors
    concurrent.futures.ThreadPoolExecutor.submit = _tp_submit
    _cft._WorkItem.run = _workitem_run

    # threads
    threading.Thread.start = _thread_start

    # clocks
    t = _time_mod
    t.sleep = _vsleep
    t.monotonic = _ff_monotonic
    t.perf_counter = _ff_perf_counter
    t.time = _ff_time
    t.monotonic_ns = _ff_monotonic_ns
    t.perf_counter_ns = _ff_perf_counter_ns
    t.time_ns = _ff_time_ns

    # diagnostics
    warnings.showwarning = _showwarning
    warnings._warn_unawaited_coroutine = _warn_unawaited
    sys.set_coroutine_origin_tracking_depth(8)   # cr_origin: where a coroutine was made
    warnings.simplefilter("default", ResourceWarning)
    warnings.simplefilter("default", RuntimeWarning)

    # output
    sys.stdout = _Tee(sys.stdout)


class _StudentFault(Exception):
    """What a --call run finds wrong with the program's shape (no such
    function, a loop started while importing): the student's error, with
    a message and an exception type name."""


def _run_student(path, opts):
    """Run the file as a script, or (--call) import it as a module, set
    its globals and call one of its functions: a coroutine it returns is
    the main task of asyncio.run, and the call's value is the result."""
    if opts["call"] is None:
        runpy.run_path(path, run_name="__main__")
        return
    name = os.path.splitext(os.path.basename(path))[0]
    if not name.isidentifier() or name in sys.modules:
        name = "student_module"
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    V.importing = name
    try:
        spec.loader.exec_module(mod)
    finally:
        V.importing = None
    for key, val in opts["set"].items():
        setattr(mod, key, val)
    fn = mod.__dict__.get(opts["call"])
    if not callable(fn):
        raise _StudentFault(
            "%s.py has no function %s(): the checks call it, so keep its "
            "name (and its parameters) as the starter has them."
            % (name, opts["call"]), "AttributeError")
    val = fn(*opts["args"], **opts["kwargs"])
    if inspect.iscoroutine(val):
        val = asyncio.run(val)
    elif inspect.isawaitable(val):
        async def _await(aw):
            return await aw
        val = asyncio.run(_await(val))
    elif not V.main_end:
        V.main_end = "done"         # a plain function that returned
    if V.main_end == "done":
        V.main_result = _result_value(val)


def _run_lint(path):
    """The anti-pattern findings of the student's file (before it runs)."""
    sys.path.insert(0, os.path.dirname(HARNESS_FILE))
    try:
        import looplab_lint
    finally:
        del sys.path[0]
    try:
        return [f.as_dict() for f in looplab_lint.lint_file(path)]
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        # the run reports what is wrong with the file (a deeply nested
        # program is the student's to fix, never a grader failure)
        return []


def _join_threads():
    """What interpreter shutdown does: wait for non-daemon threads."""
    _threads.shutdown()         # thread mode: on the scheduler first
    try:
        _thread_shutdown()
    except Exception:
        pass


def _arm_where(limit):
    """Shortly before the grader's wall limit, note which function of the
    student's file is running (the innermost frame in it) and whether an
    event loop runs it: a 'where' event, so a run killed at the limit can
    say where it was. Informative only: the grader shows it in the message
    and judges nothing by it. A program that takes SIGALRM for itself
    simply gets no note."""
    def on_alarm(signum, frame):
        f = frame
        while f is not None and f.f_code.co_filename != V.file:
            f = f.f_back
        if f is None:
            return
        in_loop = asyncio._get_running_loop() is not None
        _emit_raw("where", 0, "", "%s:%d:%s" % (f.f_code.co_name, f.f_lineno,
                                                "loop" if in_loop else ""))

    try:
        _SIGNAL(_signal.SIGALRM, on_alarm)
        # the grader's process may hold signals blocked; ours must arrive
        _SIGMASK(_signal.SIG_UNBLOCK, {_signal.SIGALRM})
        # Python's start-up already spent part of the limit (a second on
        # a loaded machine), so well before it
        _SETITIMER(_signal.ITIMER_REAL, max(limit / 2, limit - 2.5))
    except Exception:
        pass            # no note, never a harness error


def main(argv):
    try:
        opts = _parse_args(argv)
    except ValueError as e:
        sys.stderr.write("looplab_harness: %s\nusage: looplab_harness.py --file F "
                         "--result-fd N [--seed N] [--max-vtime S]\n" % e)
        return EXIT_USAGE
    try:
        V.out = os.fdopen(opts["fd"], "wb", buffering=0, closefd=True)
    except OSError as e:
        sys.stderr.write("looplab_harness: cannot open result fd %s: %s\n"
                         % (opts["fd"], e))
        return EXIT_USAGE
    try:
        os.set_inheritable(V.out.fileno(), False)
    except OSError:
        pass

    if opts["as_limit"]:
        # the grader could not cap our address space itself (a sanitizer
        # build): the same cap, set before any submitted code
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (opts["as_limit"], opts["as_limit"]))
    status, error, exc_type, code = "internal", "", "", EXIT_INTERNAL
    _seal = None            # (lines, digest): read by the seal thread only
    seal = None
    try:
        # The key reaches the seal thread only; from here on the audit
        # hook bars introspection (looplab/_trust.py).
        seal = V.seal = _trust.start(opts["key_fd"], opts["nonce"],
                                     V.out.fileno(), sys._getframe())
        path = os.path.abspath(opts["file"])
        if not os.path.isfile(path):
            raise FileNotFoundError("student file not found: %s" % path)
        V.file, V.origin = path, opts["origin"]
        if opts["lint"]:
            V.lint = _run_lint(path)
        _install(opts)
        _threads.install(_threads.choose_mode(opts["threads"], path),
                         opts["seed"], path)
        sdir = os.path.dirname(path)
        _probes.install(sdir)
        while sdir in sys.path:
            sys.path.remove(sdir)
        sys.path.append(sdir)
        sys.argv = [path]
        # nothing of ours reachable from here on (looplab/_trust.py)
        _trust.lockdown(sys.modules[__name__], _lab, (_probes, _threads))
        status, code = "ok", EXIT_OK
        if opts["wall_limit"]:
            _arm_where(opts["wall_limit"])
        # Marks "student code started": from here on, a run that ends
        # without a result line was ended by the student's code.
        _emit_raw("start", 0, "", "")
        try:
            _run_student(path, opts)
        except _StudentFault as e:
            # the program's shape, not a crash: one plain message
            status, code = "error", EXIT_FAIL
            error, exc_type = e.args[0] + "\n", e.args[1]
            try:
                sys.stderr.write(error)
            except Exception:
                pass
            e = None
        except SystemExit as e:
            c = e.code
            e = None
            if c is None or (type(c) is int and c == 0):
                pass
            else:
                text = _safe_repr(c) if not isinstance(c, str) else _clip(c)
                if not isinstance(c, int):
                    try:
                        sys.stderr.write("%s\n" % (text,))
                    except BaseException:
                        pass
                status, code = "error", EXIT_FAIL
                error = "SystemExit: %s" % (text,)
                exc_type = "SystemExit"
        except BaseException as e:    # the student's uncaught exception
            syntax = isinstance(e, SyntaxError) and e.filename == path
            # a file that does not compile never ran: one message, as a
            # compiler gives it (file:line:col, the line, a caret)
            text = _format_syntax(e) if syntax else _format_exc(e)
            try:
                sys.stderr.write(text)
            except Exception:
                pass
            if syntax:
                status, code = "error", EXIT_FAIL
            elif _is_harness_bug(e):
                status, code = "internal", EXIT_INTERNAL
            else:
                status, code = "error", EXIT_FAIL
            error, exc_type = text, type(e).__name__
            e = None
        _join_threads()
        try:
            import atexit
            atexit._run_exitfuncs()
        except BaseException:
            pass
        _gc_collect()
        _gc_collect()
    except BaseException as e:
        status, code = "internal", EXIT_INTERNAL
        error = "".join(traceback.format_exception(type(e), e, e.__traceback__))
        exc_type = type(e).__name__
    finally:
        _flush_std()
        _write_result(status, error, exc_type)
        _flush_std()
        if seal is not None and V.out is not None:
            _seal = (V.lines, V.digest.hexdigest())
            seal()
    return code


if __name__ == "__main__":
    rc = main(sys.argv[1:])
    _flush_std()
    os._exit(rc)

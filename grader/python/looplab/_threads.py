# SPDX-License-Identifier: MIT
"""Threads under the harness: one at a time, in an order the seed chooses.

In thread mode (``--threads on|lines|ops``, or ``auto`` for a file that
uses threading and not asyncio or processes) every thread the program
starts, and the main thread, run one at a time: a thread holds the
*baton* until it reaches a switch point, and only there may another run.

* Switch points: lock/RLock/Semaphore acquire and release, Condition and
  Event waits and notifies, queue.Queue put/get, Thread.start/join,
  time.sleep, executor submit; with ``lines`` also before every statement
  of the student's files, with ``ops`` also between the read and the write
  of an assignment to shared state (``x += 1``, ``self.n = self.n + 1``,
  ``d[k] += 1``; a global, an attribute or an item). The student's files
  are compiled with those points inserted (an AST rewrite: no trace
  function, which the audit hook bars).
* Which thread runs at a point: seed 0 keeps the running thread (a fixed,
  natural order: a thread runs until it blocks, then the longest-ready one
  runs); seed N picks among the running and ready threads with
  ``random.Random(N)``. Same seed, same interleaving, same output.
* Time: a thread that sleeps leaves the baton; when no thread can run, the
  virtual clock jumps to the earliest sleeper (or wait timeout). When none
  can run and none sleeps, that is a deadlock: the report names every
  thread, what it holds and waits for, and the wait-for cycle of locks.
* Trace: spawn/ready/run/suspend/done/error per thread (task = thread id),
  lock_wait/lock_acquire/lock_release for the program's locks and
  semaphores, queue_put/queue_get, job_submit/job_start/job_end with the
  pool worker id.

The primitives are this module's own (threading.Lock, RLock, Condition,
Semaphore, BoundedSemaphore, Event and queue.SimpleQueue are replaced;
Barrier, Timer, queue.Queue and ThreadPoolExecutor are built on them).
Only the baton holder touches their state, so they need no real locks.
"""

import ast
import builtins
import collections
import heapq
import importlib.machinery
import linecache
import operator
import os
import queue
import random
import re
import runpy
import sys
import threading
import traceback
import _thread
import concurrent.futures
import concurrent.futures.thread as _cft

_H = sys.modules.get("looplab_harness")
V = None                 # the harness's state, set by install()

_get_ident = _thread.get_ident
_raw_lock = _thread.allocate_lock
_STDLIB = os.path.dirname(os.path.abspath(threading.__file__)) + os.sep
_HERE = os.path.abspath(__file__)

MODES = ("off", "on", "lines", "ops")


class _T:
    """A managed thread."""
    __slots__ = ("tid", "name", "thread", "park", "state", "wait", "deadline",
                 "token", "timed_out", "holds", "joiners", "exc", "frame",
                 "daemon", "ident", "worker", "job")

    def __init__(self, tid, name, thread):
        self.tid = tid
        self.name = name
        self.thread = thread
        self.park = _raw_lock()
        self.park.acquire()            # held while the thread may not run
        self.state = "new"             # new, ready, run, blocked, done
        self.wait = None               # (kind, object, text) while blocked
        self.deadline = None
        self.token = 0
        self.timed_out = False
        self.holds = []                # locks held (for the deadlock report)
        self.joiners = []
        self.exc = None
        self.frame = None
        self.daemon = bool(getattr(thread, "daemon", False))
        self.ident = None
        self.worker = -1               # pool worker id once it ran a job
        self.job = None


class _Sched:
    def __init__(self):
        self.mode = "off"
        self.active = False
        self.rng = None
        self.seed = 0
        self.threads = []              # every _T, in start order
        self.by_thread = {}
        self.by_ident = {}
        self.cur = None
        self.ready = []
        self.sleepers = []             # heap of (deadline, token, _T)
        self.token = 0
        self.points = 0
        self.switches = 0
        self.main_announced = False
        self.deadlock = None
        self.labels = {}               # label -> count (duplicates get #N)
        self.kind_n = collections.Counter()
        self.workers = {}              # thread ident -> worker id
        self.jobs = 0
        self.student_dir = None
        self.shut = False
        self.p = 0.5                   # chance of a switch at a point
        self.ticks = 0                 # loop iterations since the last switch


S = _Sched()


def _me():
    return S.by_ident.get(_get_ident())


# --------------------------------------------------------------------------
# Trace
# --------------------------------------------------------------------------
def _ev(ev, t, what="", worker=None, name=None):
    if t is None:
        return
    if not S.main_announced and t.tid == 1 and ev not in ("spawn",):
        return          # the main thread gets a row once a second thread exists
    _H._emit_raw(ev, t.tid, t.name if name is None else name, what,
                 worker=worker)


def _announce_main():
    if S.main_announced:
        return
    S.main_announced = True
    m = S.threads[0]
    _ev("spawn", m, "")
    _ev("run", m, "")


# --------------------------------------------------------------------------
# The scheduler (called by the baton holder only)
# --------------------------------------------------------------------------
def _pick(lst):
    if S.rng is None or len(lst) == 1:
        return lst.pop(0)
    return lst.pop(S.rng.randrange(len(lst)))


SLICE = 1000     # loop iterations / points a thread may run before it yields


def tick():
    """A loop iteration of the student's code (every mode): after SLICE of
    them without a switch, the thread yields to the longest-ready one, as
    CPython's switch interval would let another thread in (a busy-wait
    loop then lets the thread it waits for run)."""
    S.ticks += 1
    if S.ticks < SLICE:
        return
    S.ticks = 0
    me = _me()
    if me is None or S.cur is not me or S.shut or not S.ready:
        return
    nxt = _pick(S.ready)
    me.state = "ready"
    S.ready.append(me)
    _ev("ready", me, "time slice")
    _handoff(me, nxt)


def point(me=None, p=None):
    """A switch point: with a seed, maybe let another ready thread run
    (with probability p, else the seed's rate)."""
    if S.rng is None:
        return
    if me is None:
        me = _me()
        if me is None:
            return
    if S.cur is not me or S.shut:
        return
    S.points += 1
    ready = S.ready
    if not ready:
        return
    if S.rng.random() >= (S.p if p is None else p):
        return
    nxt = ready.pop(S.rng.randrange(len(ready)))
    me.state = "ready"
    ready.append(me)
    _ev("ready", me, "preempted")
    _handoff(me, nxt)


def _handoff(me, nxt):
    """Give the baton to nxt; park me (unless me ended). Everything shared
    is set before the release: after it, nxt runs."""
    S.cur = nxt
    nxt.state = "run"
    S.ticks = 0
    if nxt is me:
        _ev("run", me, "")
        return
    S.switches += 1
    _ev("run", nxt, "")
    nxt.park.release()
    if me is not None and me.state != "done":
        me.park.acquire()


def _wake(t, why=""):
    if t.state != "blocked":
        return
    t.state = "ready"
    t.deadline = None
    S.ready.append(t)
    _ev("ready", t, why)


def _block(me, kind, obj, text, deadline=None):
    """me waits (kind, obj) until woken by _wake or until deadline (virtual).
    Returns True when the deadline passed first."""
    if deadline is not None and deadline <= V.clock:
        # a zero timeout: give up at once (off the waiter list again)
        me.wait = (kind, obj, text)
        _unwait(me)
        me.wait = None
        point(me)
        return True
    me.state = "blocked"
    me.wait = (kind, obj, text)
    me.timed_out = False
    try:
        me.frame = sys._getframe(2)
    except ValueError:
        me.frame = None
    S.token += 1                  # a stale timer entry of an earlier wait
    me.token = S.token            # never matches this one
    if deadline is not None:
        me.deadline = deadline
        heapq.heappush(S.sleepers, (deadline, S.token, me))
    _ev("suspend", me, text)
    _run_next(me)
    me.wait = None
    me.frame = None
    return me.timed_out


def _run_next(me):
    """The baton holder me (blocked or ended) hands over: to a ready
    thread, else time jumps to the earliest sleeper, else deadlock."""
    while True:
        if S.ready:
            _handoff(me, _pick(S.ready))
            return
        while S.sleepers and (S.sleepers[0][2].state != "blocked" or
                              S.sleepers[0][2].token != S.sleepers[0][1]):
            heapq.heappop(S.sleepers)
        if not S.sleepers:
            _deadlock()
            return
        when = S.sleepers[0][0]
        if when > V.max_vtime:
            _H._vtime_limit("a thread's wait ends at t=%s, past --max-vtime %g"
                            % (_H._fmt_num(when), V.max_vtime))
        with V.cv:
            if when > V.clock:
                V.clock = when
                V.gen += 1
                V.cv.notify_all()
        while S.sleepers and S.sleepers[0][0] <= V.clock:
            d, tok, t = heapq.heappop(S.sleepers)
            if t.state == "blocked" and t.token == tok:
                t.timed_out = True
                _unwait(t)
                _wake(t, "" if t.wait and t.wait[0] == "sleep" else "timeout")


def _unwait(t):
    """t's wait timed out: take it off the object's waiter list."""
    if not t.wait:
        return
    obj = t.wait[1]
    w = getattr(obj, "_waiters", None)
    if w is not None:
        try:
            w.remove(t)
        except ValueError:
            pass
    if t.wait[0] == "join" and isinstance(obj, _T):
        try:
            obj.joiners.remove(t)
        except ValueError:
            pass


def sleep(me, secs):
    if secs <= 0:
        point(me)
        return
    _block(me, "sleep", None, "sleep %s" % _H._fmt_num(secs), V.clock + secs)


# --------------------------------------------------------------------------
# Deadlock report
# --------------------------------------------------------------------------
def _holder_of(t):
    if not t.wait:
        return None
    kind, obj = t.wait[0], t.wait[1]
    if kind == "lock" and isinstance(obj, (Lock, RLock)):
        return obj._owner
    if kind == "join" and isinstance(obj, _T):
        return obj
    return None


def _lbl(obj):
    return getattr(obj, "_label", None) or type(obj).__name__


def _student_stack(t):
    f = t.frame
    if f is None:
        return ""
    lines = []
    for fs in traceback.extract_stack(f):
        fn = os.path.abspath(fs.filename)
        if fn.startswith(_STDLIB) or fn == _HERE or fn == _H.HARNESS_FILE or \
                fs.filename.startswith("<"):
            continue
        name = fs.filename
        if V.origin and V.file and fn == V.file:
            name = V.origin
        lines.append('  File "%s", line %d, in %s\n    %s\n'
                     % (name, fs.lineno, fs.name, (fs.line or "").strip()))
    return "".join(lines[-6:])


def _deadlock():
    blocked = [t for t in S.threads if t.state == "blocked"]
    # the wait-for cycle: thread -> holder of what it waits for
    cycle = []
    for start in blocked:
        seen, t = [], start
        while t is not None and t not in seen:
            seen.append(t)
            t = _holder_of(t)
            if t is not None and t.state != "blocked":
                t = None
        if t is not None:
            cycle = seen[seen.index(t):]
            break
    parts = []
    info = {"cycle": [], "blocked": []}
    for t in cycle:
        kind, obj, text = t.wait
        holds = [_lbl(x) for x in t.holds]
        if kind == "lock":
            parts.append("%s%s waits for %s" % (
                t.name, (" holds " + ", ".join(holds) + " and") if holds else "",
                _lbl(obj)))
        else:
            parts.append("%s%s waits for %s to end" % (
                t.name, (" holds " + ", ".join(holds) + " and") if holds else "",
                obj.name))
        info["cycle"].append({"thread": t.name, "holds": holds,
                              "waits": _lbl(obj) if kind == "lock" else obj.name,
                              "what": kind})
    for t in blocked:
        info["blocked"].append({"thread": t.name, "waits": t.wait[2],
                                "holds": [_lbl(x) for x in t.holds]})
    if cycle:
        head = "deadlock: " + "; ".join(parts)
    else:
        head = "deadlock: every thread is blocked and none sleeps"
    body = ["%s (at vtime %s)\n" % (head, _H._fmt_num(V.clock))]
    for t in blocked:
        holds = ", ".join(_lbl(x) for x in t.holds)
        body.append("\n%s: blocked in %s%s\n%s" % (
            t.name, t.wait[2], (", holding " + holds) if holds else "",
            _student_stack(t)))
    info["message"] = head
    S.deadlock = info
    _H._finish_now("deadlock", "".join(body), "")


# --------------------------------------------------------------------------
# Names of the program's objects: the assignment they were created in
# --------------------------------------------------------------------------
_ASSIGN = re.compile(r"^\s*([A-Za-z_][\w.]*(?:\[[^\]=]*\])?)\s*(?::[^=]*)?=[^=]")


def _creator():
    """The first frame outside this module, and whether the object belongs
    to the program (created in a file of its own, not by threading, queue
    or another library module: those objects are quiet)."""
    f = sys._getframe(2)
    while f is not None and f.f_code.co_filename == _HERE:
        f = f.f_back
    if f is None:
        return None, False
    fn = os.path.abspath(f.f_code.co_filename)
    return f, not fn.startswith(_STDLIB) and fn != _H.HARNESS_FILE


def _label(kind, f, own):
    S.kind_n[kind] += 1
    base = "%s-%d" % (kind, S.kind_n[kind])
    if f is None or not own:
        return base
    try:
        line = linecache.getline(f.f_code.co_filename, f.f_lineno)
    except Exception:
        line = ""
    m = _ASSIGN.match(line or "")
    if not m:
        return base
    name = m.group(1)
    if name.startswith("self.") and "self" in f.f_locals:
        name = type(f.f_locals["self"]).__name__ + name[4:]
    n = S.labels.get(name, 0) + 1
    S.labels[name] = n
    return (name if n == 1 else "%s#%d" % (name, n))[:31]


class _Obj:
    """Common part: a label, whether it is the program's own (traced, a
    switch point) or a library internal (quiet)."""
    _kind = "Lock"

    def _ll_init(self, label=None, own=None):
        if label is None:
            f, own = _creator()
            label = _label(self._kind, f, own)
        self._own = own
        self._label = label
        self._waiters = []

    def __repr__(self):
        return "<%s %s>" % (type(self).__name__, self._label)


def _lock_ev(ev, obj, t, what=None):
    if obj._own and t is not None:
        if t.tid == 1 and not S.main_announced:
            return
        _H._emit_raw(ev, t.tid, t.name, what or obj._label)


# --------------------------------------------------------------------------
# Primitives
# --------------------------------------------------------------------------
def _unmanaged_wait(ok, blocking, timeout):
    """A thread we do not manage (started through _thread directly): poll."""
    if ok():
        return True
    if not blocking:
        return False
    end = None if timeout is None or timeout < 0 else _H._real_monotonic() + timeout
    while not ok():
        if end is not None and _H._real_monotonic() >= end:
            return False
        _H._real_sleep(0.001)
    return True


def _deadline(timeout):
    if timeout is None or timeout < 0:
        return None
    return V.clock + float(timeout)


class Lock(_Obj):
    _kind = "Lock"

    def __init__(self, _ll_label=None, _ll_own=None):
        self._owner = None
        self._locked = False
        self._ll_init(_ll_label, _ll_own)

    def acquire(self, blocking=True, timeout=-1):
        if not blocking and timeout != -1:
            raise ValueError("can't specify a timeout for a non-blocking call")
        if timeout is not None and timeout < 0 and timeout != -1:
            raise ValueError("timeout value must be a non-negative number")
        me = _me()
        if me is None:
            def take():
                if self._locked:
                    return False
                self._locked = True
                return True
            return _unmanaged_wait(take, blocking, timeout)
        if self._own:
            point(me)
        if not self._locked:
            self._locked = True
            self._owner = me
            me.holds.append(self)
            _lock_ev("lock_acquire", self, me)
            return True
        if not blocking:
            return False
        _lock_ev("lock_wait", self, me)
        self._waiters.append(me)
        if _block(me, "lock", self, self._label, _deadline(timeout)):
            return False
        return True             # handed over by release()

    def release(self):
        if not self._locked:
            raise RuntimeError("release unlocked lock")
        me = _me()
        owner = self._owner
        if owner is not None:
            try:
                owner.holds.remove(self)
            except ValueError:
                pass
        _lock_ev("lock_release", self, me or owner)
        if self._waiters:
            w = _pick(self._waiters) if S.rng is not None else self._waiters.pop(0)
            self._owner = w
            w.holds.append(self)
            _lock_ev("lock_acquire", self, w)
            _wake(w, self._label)
        else:
            self._locked = False
            self._owner = None
        if self._own and me is not None:
            point(me)

    def locked(self):
        return self._locked

    def _at_fork_reinit(self):
        self._locked = False
        self._owner = None
        self._waiters[:] = []

    # Condition's protocol
    def _release_save(self):
        self.release()

    def _acquire_restore(self, state):
        self.acquire()

    def _is_owned(self):
        me = _me()
        return self._locked and (me is None or self._owner is me)

    __enter__ = acquire

    def __exit__(self, *a):
        self.release()

    acquire_lock = acquire
    release_lock = release
    locked_lock = locked


class RLock(Lock):
    _kind = "RLock"

    def __init__(self, _ll_label=None, _ll_own=None):
        self._count = 0
        super().__init__(_ll_label, _ll_own)

    def acquire(self, blocking=True, timeout=-1):
        me = _me()
        if me is not None and self._owner is me:
            self._count += 1
            return True
        ok = super().acquire(blocking, timeout)
        if ok:
            self._count = 1
            if me is None:
                self._owner = None
        return ok

    __enter__ = acquire

    def release(self):
        me = _me()
        if not self._locked or (me is not None and self._owner is not me):
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        if self._count == 0:
            super().release()
            if self._locked:            # handed to a waiter: its count
                self._count = 1

    def _release_save(self):
        if not self._locked:
            raise RuntimeError("cannot release un-acquired lock")
        count = self._count
        self._count = 1
        self.release()
        return count

    def _acquire_restore(self, count):
        self.acquire()
        self._count = count

    def _recursion_count(self):
        return self._count if self._owner is _me() else 0


class Condition(_Obj):
    _kind = "Condition"

    def __init__(self, lock=None):
        self._ll_init()
        if lock is None:
            lock = RLock(self._label + ".lock", self._own)
        self._lock = lock
        self.acquire = lock.acquire
        self.release = lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def _is_owned(self):
        f = getattr(self._lock, "_is_owned", None)
        if f is not None:
            return f()
        if self._lock.acquire(False):
            self._lock.release()
            return False
        return True

    def wait(self, timeout=None):
        if not self._is_owned():
            raise RuntimeError("cannot wait on un-acquired lock")
        me = _me()
        if me is None:
            raise RuntimeError("looplab: Condition.wait from a thread the "
                               "harness does not schedule")
        saved = self._lock._release_save() if hasattr(self._lock, "_release_save") \
            else self._lock.release()
        self._waiters.append(me)
        timed_out = _block(me, "cond", self, getattr(self, "_what", None)
                           or "wait on %s" % self._label, _deadline(timeout))
        if hasattr(self._lock, "_acquire_restore"):
            self._lock._acquire_restore(saved)
        else:
            self._lock.acquire()
        return not timed_out

    def wait_for(self, predicate, timeout=None):
        endtime = None
        waittime = timeout
        result = predicate()
        while not result:
            if waittime is not None:
                if endtime is None:
                    endtime = V.clock + waittime
                else:
                    waittime = endtime - V.clock
                    if waittime <= 0:
                        break
            self.wait(waittime)
            result = predicate()
        return result

    def notify(self, n=1):
        if not self._is_owned():
            raise RuntimeError("cannot notify on un-acquired lock")
        me = _me()
        k = 0
        while self._waiters and k < n:
            w = self._waiters.pop(0)
            k += 1
            _wake(w, "notified by %s" % (me.name if me else "?"))
        if self._own and me is not None:
            point(me)

    def notify_all(self):
        self.notify(len(self._waiters))

    notifyAll = notify_all


class Semaphore(_Obj):
    _kind = "Semaphore"

    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._value = value
        self._ll_init()

    def acquire(self, blocking=True, timeout=None):
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        me = _me()
        if me is None:
            def take():
                if self._value > 0:
                    self._value -= 1
                    return True
                return False
            return _unmanaged_wait(take, blocking, timeout)
        if self._own:
            point(me)
        if self._value > 0:
            self._value -= 1
            _lock_ev("lock_acquire", self, me)
            return True
        if not blocking:
            return False
        _lock_ev("lock_wait", self, me)
        self._waiters.append(me)
        if _block(me, "sem", self, getattr(self, "_what", None)
                  or "acquire %s" % self._label, _deadline(timeout)):
            return False
        _lock_ev("lock_acquire", self, me)
        return True             # a unit was handed over by release()

    __enter__ = acquire

    def release(self, n=1):
        if n < 1:
            raise ValueError("n must be one or more")
        me = _me()
        self._check_release(n)
        _lock_ev("lock_release", self, me)
        self._value += n
        while self._value > 0 and self._waiters:
            self._value -= 1
            _wake(self._waiters.pop(0), self._label)
        if self._own and me is not None:
            point(me)

    def _check_release(self, n):
        pass

    def __exit__(self, t, v, tb):
        self.release()


class BoundedSemaphore(Semaphore):
    _kind = "BoundedSemaphore"

    def __init__(self, value=1):
        super().__init__(value)
        self._initial_value = value

    def _check_release(self, n):
        if self._value + n > self._initial_value:
            raise ValueError("Semaphore released too many times")


class Event(_Obj):
    _kind = "Event"

    def __init__(self):
        self._flag = False
        self._ll_init()

    def _at_fork_reinit(self):
        self._waiters[:] = []

    def is_set(self):
        return self._flag

    isSet = is_set

    def set(self):
        me = _me()
        self._flag = True
        while self._waiters:
            _wake(self._waiters.pop(0), "%s set" % self._label)
        if self._own and me is not None:
            point(me)

    def clear(self):
        self._flag = False

    def wait(self, timeout=None):
        me = _me()
        if me is None:
            return _unmanaged_wait(lambda: self._flag, True, timeout)
        if self._own:
            point(me)
        if self._flag:
            return True
        self._waiters.append(me)
        _block(me, "event", self, "wait on %s" % self._label, _deadline(timeout))
        return self._flag


# --------------------------------------------------------------------------
# Threads
# --------------------------------------------------------------------------
_orig_set_tstate_lock = threading.Thread._set_tstate_lock
_orig_delete = threading.Thread._delete
_orig_join = threading.Thread.join
_orig_is_alive = threading.Thread.is_alive


def _new_t(thread):
    t = _T(len(S.threads) + 1, thread.name, thread)
    S.threads.append(t)
    S.by_thread[thread] = t
    return t


def _start(self):
    """Thread.start: the new thread is ready; it runs when the scheduler
    gives it the baton (the starter does not wait for it to boot)."""
    me = _me()
    if me is None or S.shut or os.getpid() != V.pid:
        return _H._thread_start(self)
    if not self._initialized:
        raise RuntimeError("thread.__init__() not called")
    if self._started.is_set():
        raise RuntimeError("threads can only be started once")
    target = getattr(self, "_target", None)
    mod = getattr(target, "__module__", None) or ""
    if not mod.startswith(("asyncio", "concurrent.futures")):
        try:
            _H._probes.thread_started()
        except Exception:
            pass
    _announce_main()
    t = _new_t(self)
    inner = self._invoke_excepthook

    def invoke_excepthook(thread, t=t, inner=inner):
        t.exc = sys.exc_info()[1]
        return inner(thread)
    self._invoke_excepthook = invoke_excepthook
    with threading._active_limbo_lock:
        threading._limbo[self] = self
    _ev("spawn", t, me.name)
    t.state = "ready"
    S.ready.append(t)
    _ev("ready", t, "")
    try:
        _thread.start_new_thread(self._bootstrap, ())
    except Exception:
        with threading._active_limbo_lock:
            del threading._limbo[self]
        S.ready.remove(t)
        t.state = "done"
        raise
    self._started.set()
    if not mod.startswith("concurrent.futures"):
        point(me)


def _set_tstate_lock(self):
    """Early in the new thread (threading's _bootstrap_inner), before it
    says it started: wait for the baton. A hook that returns, so no frame
    of ours stays under the thread's code."""
    _orig_set_tstate_lock(self)
    t = S.by_thread.get(self)
    if t is None or t.ident is not None:
        return
    t.ident = _get_ident()
    S.by_ident[t.ident] = t
    t.park.acquire()                  # until the scheduler says so


def _delete(self):
    """Last in the thread (threading's _bootstrap_inner's finally)."""
    _orig_delete(self)
    t = S.by_thread.get(self)
    if t is not None and t.ident == _get_ident() and t.state != "done":
        _thread_end(t)


def _thread_end(t):
    exc = t.exc
    if exc is not None:
        _ev("error", t, "%s: %s" % (type(exc).__name__, exc))
        _H._add_warning("exception in thread %s: %s: %s"
                        % (t.name, type(exc).__name__, exc))
    else:
        _ev("done", t, "")
    t.state = "done"
    for j in t.joiners:
        _wake(j, "%s ended" % t.name)
    t.joiners = []
    _run_next(t)


def _join(self, timeout=None):
    me = _me()
    t = S.by_thread.get(self)
    if t is None or me is None or S.shut:
        return _orig_join(self, timeout)
    if not self._initialized:
        raise RuntimeError("Thread.__init__() not called")
    if not self._started.is_set():
        raise RuntimeError("cannot join thread before it is started")
    if t is me:
        raise RuntimeError("cannot join current thread")
    point(me)
    if t.state != "done":
        t.joiners.append(me)
        if _block(me, "join", t, "join %s" % t.name, _deadline(timeout)):
            return
    _orig_join(self)          # its Python part is over: only the OS thread


def _is_alive(self):
    t = S.by_thread.get(self)
    if t is None:
        return _orig_is_alive(self)
    return self._started.is_set() and t.state != "done"


def _main_t():
    return S.threads[0] if S.threads else None


def shutdown():
    """What interpreter exit does, on the scheduler: threading's atexit
    calls (executors), then wait for every non-daemon thread. Returns when
    only daemon threads are left (they never run again)."""
    me = _me()
    if not S.active or me is None or me.tid != 1:
        return
    try:
        calls = list(threading._threading_atexits)
        threading._SHUTTING_DOWN = True
        del threading._threading_atexits[:]
        for call in reversed(calls):
            call()
    except Exception:
        pass
    while True:
        left = [t for t in S.threads if t is not me and not t.daemon
                and t.state != "done"]
        if not left:
            break
        t = left[0]
        t.joiners.append(me)
        _block(me, "join", t, "join %s at exit" % t.name)
    if S.main_announced:
        _ev("done", me, "")
    # from here on (atexit handlers, a thread started by one) nothing is
    # scheduled: the primitives fall back to plain waiting
    S.shut = True
    S.by_ident.clear()


# --------------------------------------------------------------------------
# Queues and pools
# --------------------------------------------------------------------------
_orig_q_init = queue.Queue.__init__
_orig_q_put = queue.Queue.put
_orig_q_get = queue.Queue.get


def _q_init(self, maxsize=0):
    _orig_q_init(self, maxsize)
    f, own = _creator()
    label = _label("Queue", f, own)
    self._ll_label = label
    self._ll_own = own
    self.mutex._own = False
    for c, what in ((self.not_empty, "get() on %s" % label),
                    (self.not_full, "put() on %s" % label),
                    (self.all_tasks_done, "join() on %s" % label)):
        c._own = False
        c._what = what


def _q_put(self, item, block=True, timeout=None):
    me = _me()
    if me is not None and getattr(self, "_ll_own", False):
        point(me)
    _orig_q_put(self, item, block, timeout)
    if me is not None and getattr(self, "_ll_own", False):
        _lock_ev_q("queue_put", self, me)
        point(me)


def _q_get(self, block=True, timeout=None):
    me = _me()
    if me is not None and getattr(self, "_ll_own", False):
        point(me)
    item = _orig_q_get(self, block, timeout)
    if me is not None and getattr(self, "_ll_own", False):
        _lock_ev_q("queue_get", self, me)
        point(me)
    return item


def _lock_ev_q(ev, q, t):
    if t.tid == 1 and not S.main_announced:
        return
    _H._emit_raw(ev, t.tid, t.name, "%s size=%d" % (q._ll_label, q._qsize()))


class SimpleQueue(queue._PySimpleQueue):
    def __init__(self):
        super().__init__()
        f, own = _creator()
        self._count._own = False
        self._count._what = "get() on %s" % (_label("SimpleQueue", f, own)
                                            if own else "the pool's work queue")


_orig_wi_init = _cft._WorkItem.__init__


def _wi_init(self, future, fn, args, kwargs):
    _orig_wi_init(self, future, fn, args, kwargs)
    S.jobs += 1
    name = getattr(fn, "__name__", None) or type(fn).__name__
    self._ll_name = "%s#%d" % (name, S.jobs)
    c = getattr(future, "_condition", None)
    if isinstance(c, Condition):
        c._what = "result() of %s" % self._ll_name
    me = _me()
    if me is not None:
        if not S.main_announced and me.tid == 1:
            _announce_main()
        _H._emit_raw("job_submit", me.tid, self._ll_name, "")


def _wrap_wi_run(prev):
    def run(self):
        me = _me()
        name = getattr(self, "_ll_name", None)
        if me is None or name is None:
            return prev(self)
        wid = S.workers.get(me.ident)
        if wid is None:
            wid = S.workers[me.ident] = len(S.workers)
        me.worker = wid
        me.job = name
        _H._emit_raw("job_start", me.tid, name, me.name, worker=wid)
        try:
            prev(self)
        finally:
            f = self.future
            how = "ok"
            if f.cancelled():
                how = "cancelled"
            elif f.done() and f.exception() is not None:
                e = f.exception()
                how = "error: %s: %s" % (type(e).__name__, e)
            _H._emit_raw("job_end", me.tid, name, how, worker=wid)
            me.job = None
    return run


def _wrap_submit(prev):
    def submit(self, fn, /, *args, **kwargs):
        me = _me()
        if me is not None:
            point(me)
        return prev(self, fn, *args, **kwargs)
    return submit


# --------------------------------------------------------------------------
# Finer switch points: the student's files, rewritten
# --------------------------------------------------------------------------
def _pt():
    S.ticks += 1
    if S.ticks >= SLICE:
        tick()
    elif S.rng is not None:
        point()


# Between a read and a write of shared state, the point where a race
# shows: every seed switches there at least this often.
P_STORE = 0.5


def _aug(op, cur, val):
    r = _IOPS[op](cur, val)
    if S.rng is not None:
        point(None, max(S.p, P_STORE))
    return r


def _w(val):
    if S.rng is not None:
        point(None, max(S.p, P_STORE))
    return val


_IOPS = {ast.Add: operator.iadd, ast.Sub: operator.isub, ast.Mult: operator.imul,
         ast.Div: operator.itruediv, ast.FloorDiv: operator.ifloordiv,
         ast.Mod: operator.imod, ast.Pow: operator.ipow,
         ast.LShift: operator.ilshift, ast.RShift: operator.irshift,
         ast.BitOr: operator.ior, ast.BitXor: operator.ixor,
         ast.BitAnd: operator.iand, ast.MatMult: operator.imatmul}
_IOPS = {k.__name__: v for k, v in _IOPS.items()}


def _name(id_, ctx=None):
    return ast.Name(id=id_, ctx=ctx or ast.Load())


def _call(fn, *args):
    return ast.Call(func=_name(fn), args=list(args), keywords=[])


class _Rewrite(ast.NodeTransformer):
    """lines: a point before every statement; ops: also between the read
    and the write of an assignment to a global, an attribute or an item."""

    def __init__(self, ops, lines=True):
        self.ops = ops
        self.lines = lines
        self.shared = [None]          # per function: names declared global/nonlocal
        self.tmp = 0

    def _body(self, stmts, top=False, loop=False):
        out = []
        if loop and not self.lines:
            t = ast.Expr(value=_call("_looplab_tick"))
            ast.copy_location(t, stmts[0])
            ast.copy_location(t.value, stmts[0])
            ast.copy_location(t.value.func, stmts[0])
            out.append(t)
        for i, s in enumerate(stmts):
            new = self.visit(s)
            new = new if isinstance(new, list) else [new]
            skip = (isinstance(s, ast.ImportFrom) and s.module == "__future__") or \
                (i == 0 and isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)
                 and isinstance(s.value.value, str))
            if not skip and self.lines:
                p = ast.Expr(value=_call("_looplab_pt"))
                ast.copy_location(p, s)
                ast.copy_location(p.value, s)
                ast.copy_location(p.value.func, s)
                out.append(p)
            out.extend(new)
        return out

    def generic_visit(self, node):
        for field in ("body", "orelse", "finalbody"):
            v = getattr(node, field, None)
            if isinstance(v, list) and v and isinstance(v[0], ast.stmt):
                loop = field == "body" and isinstance(
                    node, (ast.While, ast.For, ast.AsyncFor))
                setattr(node, field, self._body(v, loop=loop))
        for field, v in ast.iter_fields(node):
            if field in ("body", "orelse", "finalbody") and isinstance(v, list) \
                    and v and isinstance(v[0], ast.stmt):
                continue
            if isinstance(v, list):
                nv = []
                for x in v:
                    if isinstance(x, ast.AST):
                        x = self.visit(x)
                        if x is None:
                            continue
                        if isinstance(x, list):
                            nv.extend(x)
                            continue
                    nv.append(x)
                v[:] = nv
            elif isinstance(v, ast.AST):
                setattr(node, field, self.visit(v))
        return node

    def visit_Module(self, node):
        node.body = self._body(node.body, top=True)
        return node

    def _func(self, node):
        declared = set()
        for n in ast.walk(node):
            if isinstance(n, (ast.Global, ast.Nonlocal)):
                declared.update(n.names)
        self.shared.append(declared)
        try:
            return self.generic_visit(node)
        finally:
            self.shared.pop()

    visit_FunctionDef = _func
    visit_AsyncFunctionDef = _func

    def visit_ClassDef(self, node):
        self.shared.append(set())
        try:
            node = self.generic_visit(node)
        finally:
            self.shared.pop()
        return node

    def visit_Lambda(self, node):
        return node

    def _is_shared(self, t):
        if isinstance(t, (ast.Attribute, ast.Subscript)):
            return True
        if isinstance(t, ast.Name):
            sh = self.shared[-1]
            return sh is None or t.id in sh
        if isinstance(t, (ast.Tuple, ast.List)):
            return any(self._is_shared(e) for e in t.elts)
        if isinstance(t, ast.Starred):
            return self._is_shared(t.value)
        return False

    def visit_Assign(self, node):
        node = self.generic_visit(node)
        if self.ops and any(self._is_shared(t) for t in node.targets):
            node.value = ast.copy_location(_call("_looplab_w", node.value), node.value)
        return node

    def visit_AnnAssign(self, node):
        node = self.generic_visit(node)
        if self.ops and node.value is not None and self._is_shared(node.target):
            node.value = ast.copy_location(_call("_looplab_w", node.value), node.value)
        return node

    def visit_AugAssign(self, node):
        node = self.generic_visit(node)
        if not self.ops or not self._is_shared(node.target):
            return node
        op = ast.Constant(value=type(node.op).__name__)
        t = node.target
        if isinstance(t, ast.Name):
            new = ast.Assign(targets=[_name(t.id, ast.Store())],
                             value=_call("_looplab_aug", op, _name(t.id), node.value))
            return ast.fix_missing_locations(ast.copy_location(new, node))
        self.tmp += 1
        o = "_looplab_o%d" % self.tmp
        if isinstance(t, ast.Attribute):
            first = ast.Assign(targets=[_name(o, ast.Store())], value=t.value)
            cur = ast.Attribute(value=_name(o), attr=t.attr, ctx=ast.Load())
            tgt = ast.Attribute(value=_name(o), attr=t.attr, ctx=ast.Store())
            stmts = [first]
        elif isinstance(t, ast.Subscript) and not isinstance(t.slice, ast.Slice):
            k = "_looplab_k%d" % self.tmp
            stmts = [ast.Assign(targets=[_name(o, ast.Store())], value=t.value),
                     ast.Assign(targets=[_name(k, ast.Store())], value=t.slice)]
            cur = ast.Subscript(value=_name(o), slice=_name(k), ctx=ast.Load())
            tgt = ast.Subscript(value=_name(o), slice=_name(k), ctx=ast.Store())
        else:
            return node
        stmts.append(ast.Assign(targets=[tgt],
                                value=_call("_looplab_aug", op, cur, node.value)))
        for s in stmts:
            ast.copy_location(s, node)
            ast.fix_missing_locations(s)
        return stmts


def _compile_student(source, path):
    tree = ast.parse(source, path)
    tree = _Rewrite(S.mode == "ops", S.mode in ("lines", "ops")).visit(tree)
    ast.fix_missing_locations(tree)
    return compile(tree, path, "exec", dont_inherit=True)


def _is_student_file(path):
    try:
        p = os.path.abspath(path)
    except Exception:
        return False
    return S.student_dir is not None and p.startswith(S.student_dir) and \
        p.endswith(".py")


_orig_get_code_from_file = getattr(runpy, "_get_code_from_file", None)
_orig_loader_get_code = importlib.machinery.SourceFileLoader.get_code


def _runpy_get_code(*args):
    fname = args[-1]
    if not _is_student_file(fname):
        return _orig_get_code_from_file(*args)
    with open(os.path.abspath(fname), "rb") as f:
        src = f.read()
    return _compile_student(src, fname), fname


def _loader_get_code(self, fullname):
    path = getattr(self, "path", None)
    if path is None or not _is_student_file(path):
        return _orig_loader_get_code(self, fullname)
    with open(path, "rb") as f:
        src = f.read()
    return _compile_student(src, path)


# --------------------------------------------------------------------------
# time.sleep
# --------------------------------------------------------------------------
def _wrap_sleep(prev):
    def sleep_(secs):
        me = _me()
        if me is None or S.shut:
            return prev(secs)
        secs = _H._check_secs(secs)
        sleep(me, secs)
    sleep_.__name__ = "sleep"
    return sleep_


# --------------------------------------------------------------------------
# Mode, install, summary
# --------------------------------------------------------------------------
_USES_THREADS = re.compile(r"\b(threading|concurrent\.futures|ThreadPoolExecutor|queue)\b")
_NOT_THREADS = re.compile(r"\b(asyncio|multiprocessing|ProcessPoolExecutor|subprocess|"
                          r"os\.fork|_thread)\b")


def choose_mode(mode, path):
    """auto: 'on' for a file that uses threads and not asyncio or processes."""
    if mode in MODES:
        return mode
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            src = f.read()
    except OSError:
        return "off"
    if _USES_THREADS.search(src) and not _NOT_THREADS.search(src):
        return "on"
    return "off"


_SWITCH_P = (0.5, 0.5, 0.125, 0.03125)


def _virtual_clocks():
    """Thread mode: the clocks are virtual only (real time would make a
    printed elapsed time depend on the machine's load)."""
    import time as _time
    base_mono, base_wall = _H._real_monotonic(), _H._real_time()
    _time.monotonic = lambda: base_mono + V.clock
    _time.perf_counter = lambda: base_mono + V.clock
    _time.time = lambda: base_wall + V.clock
    _time.monotonic_ns = lambda: int(base_mono * 1e9) + int(V.clock * 1e9)
    _time.perf_counter_ns = _time.monotonic_ns
    _time.time_ns = lambda: int(base_wall * 1e9) + int(V.clock * 1e9)
    for n in ("monotonic", "perf_counter", "time", "monotonic_ns",
              "perf_counter_ns", "time_ns"):
        getattr(_time, n).__name__ = n


def install(mode, seed, path):
    """After the harness's own _install, before student code."""
    global V
    V = _H.V
    S.mode = mode
    if mode == "off":
        return
    S.active = True
    S.seed = seed
    S.rng = random.Random("looplab-threads-%d" % seed) if seed else None
    # seeds differ in how often they switch too: some interleave finely
    # (a switch at every other point), some run long stretches
    S.p = _SWITCH_P[seed % len(_SWITCH_P)]
    S.student_dir = os.path.dirname(os.path.abspath(path)) + os.sep
    main = threading.main_thread()
    m = _new_t(main)
    m.name = main.name
    m.ident = _get_ident()
    m.state = "run"
    S.by_ident[m.ident] = m
    S.cur = m

    threading.Lock = Lock
    threading.RLock = RLock
    threading._PyRLock = RLock
    threading.Condition = Condition
    threading.Semaphore = Semaphore
    threading.BoundedSemaphore = BoundedSemaphore
    threading.Event = Event
    threading.Thread.start = _start
    threading.Thread._set_tstate_lock = _set_tstate_lock
    threading.Thread._delete = _delete
    threading.Thread.join = _join
    threading.Thread.is_alive = _is_alive
    queue.Queue.__init__ = _q_init
    queue.Queue.put = _q_put
    queue.Queue.get = _q_get
    queue.SimpleQueue = SimpleQueue
    _cft._global_shutdown_lock = Lock()
    _cft._WorkItem.__init__ = _wi_init
    _cft._WorkItem.run = _wrap_wi_run(_cft._WorkItem.run)
    concurrent.futures.ThreadPoolExecutor.submit = \
        _wrap_submit(concurrent.futures.ThreadPoolExecutor.submit)
    import time as _time
    _time.sleep = _wrap_sleep(_time.sleep)
    _virtual_clocks()
    builtins._looplab_tick = tick
    builtins._looplab_pt = _pt
    builtins._looplab_w = _w
    builtins._looplab_aug = _aug
    if _orig_get_code_from_file is not None:
        runpy._get_code_from_file = _runpy_get_code
    importlib.machinery.SourceFileLoader.get_code = _loader_get_code


def current():
    """(id, name) of the running managed thread, or (0, "")."""
    t = _me()
    if t is None or (t.tid == 1 and not S.main_announced):
        return 0, ""
    return t.tid, t.name


def extend_summary(rec):
    if S.mode == "off":
        return
    th = rec.setdefault("threads", {})
    lst = []
    for t in S.threads:
        if t.tid == 1:
            continue
        end = t.state
        if end == "done":
            end = "error" if t.exc is not None else "done"
        elif end in ("ready", "run", "new"):
            end = "alive"
        d = {"id": t.tid, "name": t.name, "daemon": t.daemon, "end": end,
             "error": "" if t.exc is None else "%s: %s" % (type(t.exc).__name__, t.exc)}
        if t.worker >= 0:
            d["worker"] = t.worker
        lst.append(d)
    th["list"] = lst
    th["errors"] = sum(1 for d in lst if d["end"] == "error")
    rec["sched"] = {"mode": S.mode, "seed": S.seed, "points": S.points,
                    "switches": S.switches}
    if S.deadlock is not None:
        rec["deadlock"] = S.deadlock

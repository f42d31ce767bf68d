# SPDX-License-Identifier: MIT
"""The harness's seal: only the harness can end the result stream.

The grader (grader/check.c) hands the harness a fresh 32-byte key through
an inherited fd and a nonce on the command line. The key never becomes a
Python object that student code could reach: a private seal thread reads
it, closes the fd, keeps only an OpenSSL HMAC object in its own frame, and
waits. Student code cannot see another thread's frame: the audit hook
installed here vetoes ``sys._current_frames``, ``sys.settrace`` and
``setprofile``, ``gc`` traversal, ``ctypes`` and ``/proc/*/mem``, and audit
hooks cannot be removed. So the only way to get a seal is for the
harness's own ``main`` frame to reach its end. The seal thread reads the
digest to sign from that frame's local ``_seal``. Student code cannot
write another frame's locals without a trace function, which is vetoed.
It signs ``nonce lines digest kind`` once and writes the seal line itself.

The private threads (seal, inspector) and the hook run only C functions
bound before student code, on values whose exact type they checked. A name
looked up at run time (a global, a builtin) could be replaced by student
code, which would then run inside them and see their frame.

The grader accepts a run's results only when the stream ends with exactly
one valid seal over everything before it (docs/grading-trust.md).
"""

# Our own copy of the builtins, taken before any student code: a program
# that replaces builtins.dict (or len, isinstance ...) must not run its
# code inside ours (every function below captures this dict).
__builtins__ = dict(vars(__import__("builtins")))

import os
import stat
import sys
import threading
import _thread

_started = False
_GUARD = {}          # the frame rule's sets, filled by lockdown()

# Events student code may not raise at all: each would let it see another
# thread's frames, walk every object, or read raw memory.
_DENY = frozenset((
    "sys._current_frames", "sys.settrace", "sys.setprofile",
    "gc.get_objects", "gc.get_referrers", "gc.get_referents",
))
_NO_IMPORT = frozenset(("ctypes", "_ctypes", "_testcapi", "_xxsubinterpreters"))
# Files under /proc/<pid>/ that tell nothing about memory contents.
_PROC_OK = frozenset(("status", "stat", "statm", "cmdline", "comm", "limits",
                      "cgroup", "io", "sched", "schedstat", "oom_score",
                      "mountinfo", "mounts", "loginuid", "sessionid"))
_MEMORY = frozenset(("mem", "pagemap", "kcore", "kmem"))


def _make_hook(private, guard):
    """The audit hook. `private`: the idents of our own threads (a frozenset:
    nothing in this closure can be changed through its frame). `guard`:
    filled by lockdown() just before student code runs (the frame rule)."""
    deny, no_import, proc_ok, memory = _DENY, _NO_IMPORT, _PROC_OK, _MEMORY
    frame_attrs = frozenset(("tb_frame", "gi_frame", "cr_frame", "ag_frame"))
    busy = set()                # threads inside the frame rule (its reads audit too)
    getframe, getattr_, id_ = sys._getframe, getattr, id
    busy_add, busy_discard = busy.add, busy.discard
    get_ident, type_, isinstance_ = threading.get_ident, type, isinstance
    str_, bytes_, int_ = str, bytes, int
    as_str, decode = str.__str__, bytes.decode
    fspath, lstat, readlink, getcwd = os.fspath, os.lstat, os.readlink, os.getcwd
    ifmt, iflnk = stat.S_IFMT(0o177777), stat.S_IFLNK
    oserror, runtime_error, import_error, permission_error = \
        OSError, RuntimeError, ImportError, PermissionError

    def hook(event, args):
        if event in deny:
            if get_ident() in private:
                return
            raise runtime_error("looplab: %s is not allowed in graded code "
                                "(it could reach the grader's own state)" % event)
        if event[:7] == "ctypes.":
            raise runtime_error("looplab: ctypes is not allowed in graded code")
        if event == "import":
            name = args[0] if args else None
            if type_(name) is str_ and (name in no_import or name[:7] == "ctypes."):
                raise import_error("looplab: %s is not allowed in graded code "
                                   "(it reads raw memory)" % name)
            return
        if event == "object.__getattr__" or event == "sys._getframe":
            if guard and (event == "sys._getframe" or (
                    args[1:] and type_(args[1]) is str_ and args[1] in frame_attrs)):
                frame_rule(event, args)
            return
        if event == "function.__new__" or event == "exec":
            if guard and args and id_(args[0]) in guard["protected"]:
                refuse_code(event)
            return
        if event == "object.__setattr__":
            if guard and args[2:] and type_(args[1]) is str_ and \
                    args[1] == "__code__" and id_(args[2]) in guard["protected"]:
                refuse_code(event)
            return
        if event != "open" or not args:
            return
        # Where does this open lead? Resolved here with C functions only
        # (posixpath.realpath is Python that student code could patch).
        p = args[0]
        if type_(p) is int_:
            return                          # an fd: already open
        if not isinstance_(p, (str_, bytes_)):
            p = fspath(p)                   # os.PathLike (pathlib)
        p = decode(p, "utf-8", "surrogateescape") if isinstance_(p, bytes_) \
            else as_str(p)
        if p[:1] != "/":
            p = getcwd() + "/" + p
        todo = p.split("/")
        todo.reverse()
        done, hops = "", 0
        while todo:
            name = todo.pop()
            if name == "" or name == ".":
                continue
            if name == "..":
                done = done[:done.rfind("/")] if done else ""
                continue
            cand = done + "/" + name
            try:
                mode = lstat(cand).st_mode
            except oserror:
                mode = 0
            if mode & ifmt == iflnk and hops < 40:
                hops += 1
                target = readlink(cand)
                if target[:1] == "/":
                    done = ""
                more = target.split("/")
                more.reverse()
                todo.extend(more)
                continue
            done = cand
        real = done or "/"
        parts = real.split("/")             # ["", "proc", "<pid>", ...]
        bad = parts[-1] in memory
        if not bad and real[:5] == "/proc" and (real == "/proc" or real[:6] == "/proc/"):
            who = parts[2] if parts[2:] else ""
            if who == "" or who == "self" or who == "thread-self" or who.isdigit():
                bad = not (parts[3:] and parts[-1] in proc_ok)
        if bad:
            raise permission_error("looplab: opening %r is not allowed in "
                                   "graded code (it could read the grader's "
                                   "memory)" % (p,))

    def refuse_code(event):
        ident = get_ident()
        if ident in busy:
            return
        busy_add(ident)
        try:
            r = getframe(2)
            if r is not None and id_(r.f_globals) in guard["hg"]:
                return
        finally:
            busy_discard(ident)
        raise runtime_error("looplab: %s on the grader's or the traceback "
                            "machinery's code is not allowed in graded code"
                            % event)

    def frame_rule(event, args):
        """A frame goes to student code only when no frame of the harness
        is on its f_back chain (f_back, f_globals and f_locals are not
        audited: the frame itself is the last point we see). The harness
        asks for frames itself, and stdlib code that only reads a frame
        (namedtuple's module name, a coroutine's line number) may too."""
        ident = get_ident()
        if ident in busy:
            return
        busy_add(ident)
        try:
            g = guard
            hg, transparent = g["hg"], g["transparent"]
            r = getframe(2)                 # frame_rule, hook, who asked
            while r is not None and id_(r.f_code) in transparent:
                r = r.f_back
            if r is not None:
                if id_(r.f_globals) in hg or id_(r.f_code) in g["sinks"]:
                    return
                if id_(r.f_code) in g["fh_sinks"] and g["fh_ok"](r.f_globals):
                    return
                if g["lazy_sink"](r):
                    return
            f = args[0] if event == "sys._getframe" else \
                getattr_(args[0], args[1])
            n = 0
            while f is not None and n < 100000:
                if id_(f.f_globals) in hg:
                    raise runtime_error(
                        "looplab: %s is not allowed here in graded code (it "
                        "would reach the grader's own frames)"
                        % ("sys._getframe" if event == "sys._getframe"
                           else args[1]))
                f = f.f_back
                n += 1
        finally:
            busy_discard(ident)
    return hook


def _seal_main(key_fd, nonce, out_fd, main_frame, req, done, ready, box,
               abort, hmac_new, os_read, os_close, os_write, type_, int_,
               str_, tuple_, base_exc):
    """The seal thread: its frame alone holds the HMAC object. Uses only
    its arguments (no global or builtin lookups) and checks exact types
    before formatting, so no student code ever runs on this thread."""
    mac = None
    try:
        key = os_read(key_fd, 64)
        os_close(key_fd)
        if key[31:32]:                      # 32 bytes or more
            mac = hmac_new(key, digestmod="sha256")
        key = None
    except base_exc:
        mac = None
    box.append(mac is not None)
    ready.release()
    while True:
        req.acquire()
        kind = "end"
        try:
            todo = main_frame.f_locals.get("_seal")
        except base_exc:
            todo = None
        if todo is None and abort:
            # an early end (deadlock, virtual-time limit) decided inside
            # the loop: sealed as "abort", which the grader accepts only
            # with a failing status, so calling it buys student code nothing
            todo, kind = abort[0], "abort"
        if type_(todo) is not tuple_ or todo[2:] or not todo[1:] or \
                type_(todo[0]) is not int_ or type_(todo[1]) is not str_:
            continue            # not ours (someone else released the lock)
        try:
            msg = "%s %d %s %s" % (nonce, todo[0], todo[1], kind)
            if mac is not None:
                mac = mac.copy()
                mac.update(msg.encode("ascii"))
            line = ("#seal %s %s\n" % (msg, "" if mac is None else
                                       mac.hexdigest())).encode("ascii")
            while line:
                n = os_write(out_fd, line)
                line = line[n:]
        except base_exc:
            pass
        mac = None              # once only
        done.release()
        return


def _inspect_main(req, done, box, ident_box, current_frames, files, funcs,
                  type_, int_, list_, base_exc):
    """The inspector thread: the only place the harness looks at other
    threads' frames (its thread barrier asks which threads are blocked in
    a threading wait). Off the main thread, so no signal handler is ever
    handed a frame of ours holding that dict; the seal thread is skipped;
    only a count goes back."""
    ident_box.append(_thread.get_ident())
    while True:
        req.acquire()
        n = -1
        try:
            idents = box[0]
            if type_(idents) is list_:
                idents = idents[:]          # a copy no one else can change
                ok = True
                for i in idents:
                    if type_(i) is not int_:
                        ok = False
                if ok:
                    frames = current_frames()
                    n = 0
                    for i in idents:
                        f = frames.get(i)
                        blocked = False
                        if f is not None and f.f_code.co_name in funcs and \
                                f.f_code.co_filename in files:
                            # Thread.start() waits for the new thread to
                            # boot: not blocked
                            blocked = True
                            b = f.f_back
                            while b is not None and b.f_code.co_filename in files:
                                if b.f_code.co_name == "start":
                                    blocked = False
                                    break
                                b = b.f_back
                        if not blocked:
                            n += 1
                    frames = f = b = None
        except base_exc:
            n = -1
        box[1] = n
        done.release()


_ask = None


def awake_count(idents):
    """How many of these thread idents are not blocked in a threading wait
    (Condition/Event/Semaphore wait, Thread.join, lock acquire); a thread
    without a frame counts as awake."""
    if _ask is None:
        return len(idents)
    return _ask(idents)


def _start_inspector():
    global _ask
    req, done, gate = threading.Lock(), threading.Lock(), threading.Lock()
    req.acquire()
    done.acquire()
    box, ident_box = [None, -1], []
    files = frozenset((threading.__file__, os.path.abspath(threading.__file__)))
    funcs = frozenset(("wait", "wait_for", "_wait_for_tstate_lock", "acquire"))
    _thread.start_new_thread(_inspect_main, (
        req, done, box, ident_box, sys._current_frames, files, funcs, type,
        int, list, BaseException))
    while not ident_box:
        _thread.allocate_lock().acquire(True, 0.001)

    def ask(idents):
        with gate:
            box[0] = list(idents)
            req.release()
            done.acquire()
            n = box[1]
        return n if n >= 0 else len(idents)
    _ask = ask
    return ident_box[0]


def _undumpable():
    """PR_SET_DUMPABLE 0: /proc/<pid>/mem of this process becomes root's,
    so a child program (a fresh python3 has no audit hook) cannot read our
    memory either. ctypes only here, before the hook, then forgotten: the
    hook refuses to import it again."""
    try:
        import ctypes
        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)      # PR_SET_DUMPABLE
    except Exception:
        pass
    for name in list(sys.modules):
        if name in ("ctypes", "_ctypes") or name.startswith("ctypes."):
            del sys.modules[name]


def start(key_fd, nonce, out_fd, main_frame):
    """Start the private threads and install the audit hook; before any
    student code. Returns seal() for the harness's very end (the caller
    must hold the (lines, digest) pair in its local ``_seal``), or None
    without a key (the harness run by hand)."""
    global _started
    if _started:
        raise RuntimeError("looplab seal started twice")
    _started = True
    private = {_start_inspector()}
    if key_fd is None:
        _undumpable()
        sys.addaudithook(_make_hook(frozenset(private), _GUARD))
        return None
    import _hashlib
    req, done, ready = (threading.Lock(), threading.Lock(), threading.Lock())
    req.acquire()
    done.acquire()
    ready.acquire()
    box, abort = [], []
    # A bare _thread: not in threading.enumerate() (thread counts and
    # deadlock detection never see it) and no Thread object keeps its args.
    private.add(_thread.start_new_thread(_seal_main, (
        key_fd, nonce, out_fd, main_frame, req, done, ready, box, abort,
        _hashlib.hmac_new, os.read, os.close, os.write, type, int, str, tuple,
        BaseException)))
    ready.acquire()
    _undumpable()
    sys.addaudithook(_make_hook(frozenset(private), _GUARD))
    if not box or not box[0]:
        raise RuntimeError("no seal key on fd %d" % key_fd)

    gate = threading.Lock()

    def seal(lines_digest=None):
        """End the stream: from main's last lines (its local _seal set),
        or, with lines_digest, as an early abort from anywhere. Once."""
        if not gate.acquire(blocking=False):
            return
        if lines_digest is not None:
            abort.append(lines_digest)
        try:
            req.release()
        except RuntimeError:
            pass                # released already by someone else
        done.acquire()
    return seal


# --------------------------------------------------------------------------
# Lockdown: nothing of the harness reachable from student code
# --------------------------------------------------------------------------
import functools as _functools
import types as _types

_getframe = sys._getframe
_FunctionType = _types.FunctionType


def opaque(fn, module=None, qualname=None):
    """fn behind a C object that shows nothing of it: no __globals__,
    __closure__, __wrapped__, __self__ or __code__ (the uncached C wrapper
    of functools.lru_cache, built without update_wrapper). It binds like a
    function, so it can stand for a method in a class. With the name it
    stands under (module, qualname: strings only) it pickles by that name
    (a process pool's submit(time.sleep, 1)) and shows it in help()."""
    w = _functools._lru_cache_wrapper(fn, 0, False, _functools._CacheInfo)
    if module is not None:
        w.__module__, w.__qualname__ = module, qualname
        w.__name__ = qualname.rpartition(".")[2]
        w.__doc__ = getattr(fn, "__doc__", None)
    return w


def _codes(code, out):
    out[id(code)] = code
    for c in code.co_consts:
        if isinstance(c, _types.CodeType):
            _codes(c, out)


def _module_codes(mod, out):
    for v in list(vars(mod).values()):
        for f in _functions_of(v):
            _codes(f.__code__, out)
        if isinstance(v, type) and v.__module__ == mod.__name__:
            for w in list(vars(v).values()):
                for f in _functions_of(w):
                    _codes(f.__code__, out)


def _functions_of(v):
    if isinstance(v, _FunctionType):
        return (v,)
    if isinstance(v, (staticmethod, classmethod)) and \
            isinstance(v.__func__, _FunctionType):
        return (v.__func__,)
    if isinstance(v, property):
        return tuple(f for f in (v.fget, v.fset, v.fdel)
                     if isinstance(f, _FunctionType))
    return ()


def _wrap_attr(v, hg, module=None, qualname=None):
    """v with every harness function in it behind opaque(), or None."""
    if isinstance(v, _FunctionType):
        return opaque(v, module, qualname) if id(v.__globals__) in hg else None
    if isinstance(v, (staticmethod, classmethod)):
        f = v.__func__
        if isinstance(f, _FunctionType) and id(f.__globals__) in hg:
            return type(v)(opaque(f, module, qualname))
        return None
    if isinstance(v, property):
        fs = [v.fget, v.fset, v.fdel]
        if not any(isinstance(f, _FunctionType) and id(f.__globals__) in hg
                   for f in fs):
            return None
        fs = [opaque(f) if isinstance(f, _FunctionType) else f for f in fs]
        return property(fs[0], fs[1], fs[2], v.__doc__)
    return None


# Packages whose classes the harness patches methods into (Thread.start,
# ThreadPoolExecutor.submit, _WorkItem.run, socket.socket's methods ...):
# their classes are searched for harness functions; every module's
# functions are (time.sleep, open, os.fork, showwarning ...).
_PATCHED = frozenset(("asyncio", "concurrent", "threading", "socket", "io",
                      "_io", "builtins", "time", "warnings", "multiprocessing",
                      "subprocess", "selectors", "signal", "_signal", "os",
                      "queue", "_thread", "sys", "logging", "traceback"))


def _seal_class(cls, hg, seen):
    if id(cls) in seen:
        return
    seen.add(id(cls))
    for k, v in list(vars(cls).items()):
        w = _wrap_attr(v, hg, cls.__module__, "%s.%s" % (cls.__qualname__, k))
        if w is not None:
            try:
                setattr(cls, k, w)
            except (TypeError, AttributeError):
                pass


# ---- frame consumers that keep frames to themselves ----------------------
_TB = {}


def _extract(klass, frame_gen, *, limit=None, lookup_lines=True,
             capture_locals=False):
    """traceback.StackSummary._extract_from_extended_frame_gen, with the
    helpers bound here (a patched linecache or FrameSummary would be handed
    the frames)."""
    T = _TB
    if limit is None:
        limit = getattr(sys, "tracebacklimit", None)
        if limit is not None and limit < 0:
            limit = 0
    if limit is not None:
        if limit >= 0:
            frame_gen = T["islice"](frame_gen, limit)
        else:
            frame_gen = T["deque"](frame_gen, maxlen=-limit)
    result = klass()
    fnames = set()
    hg = _GUARD.get("hg", ())
    for f, (lineno, end_lineno, colno, end_colno) in frame_gen:
        co = f.f_code
        filename = co.co_filename
        fnames.add(filename)
        g = f.f_globals
        if id(g) not in hg:
            T["lazycache"](filename, g)
        result.append(T["FrameSummary"](
            filename, lineno, co.co_name, lookup_line=False,
            locals=f.f_locals if capture_locals else None,
            end_lineno=end_lineno, colno=colno, end_colno=end_colno))
    for filename in fnames:
        T["checkcache"](filename)
    if lookup_lines:
        for f in result:
            f.line
    return result


def _stack(f, limit, mode, file=None):
    """extract_stack / format_stack / print_stack (traceback) and
    asyncio.format_helpers.extract_stack: their code calls this, so the
    frames never pass through a name student code could rebind."""
    T = _TB
    if f is None:
        f = _getframe(2)        # us, the swapped function, its caller
    if mode == 3 and limit is None:
        limit = T["debug_depth"]
    stack = T["StackSummary"].extract(T["walk_stack"](f), limit=limit,
                                      lookup_lines=(mode != 3))
    stack.reverse()
    if mode == 1:
        return T["format_list"](stack)
    if mode == 2:
        T["print_list"](stack, file=file)
        return None
    return stack


def _find_caller(self, stack_info=False, stacklevel=1):
    """logging.Logger.findCaller without handing frames to student code
    (the original asks logging.currentframe(), a name anyone can call)."""
    T = _TB
    f = _getframe(0)
    srcfile = T["logging"]._srcfile
    normcase = T["normcase"]
    while stacklevel > 0:
        nf = f.f_back
        if nf is None:
            break
        f = nf
        fn = normcase(f.f_code.co_filename)
        if not (fn == srcfile or ("importlib" in fn and "_bootstrap" in fn)):
            stacklevel -= 1
    co = f.f_code
    sinfo = None
    if stack_info:
        sio = T["StringIO"]()
        sio.write("Stack (most recent call last):\n")
        _stack(f, None, 2, sio)
        sinfo = sio.getvalue()
        if sinfo[-1:] == "\n":
            sinfo = sinfo[:-1]
    return co.co_filename, f.f_lineno, co.co_name, sinfo


_SWAP = {
    "extract_stack": "def extract_stack(f=None, limit=None):\n"
                     "    return _looplab_stack(f, limit, 0)\n",
    "format_stack": "def format_stack(f=None, limit=None):\n"
                    "    return _looplab_stack(f, limit, 1)\n",
    "print_stack": "def print_stack(f=None, limit=None, file=None):\n"
                   "    return _looplab_stack(f, limit, 2, file)\n",
    "fh_extract_stack": "def extract_stack(f=None, limit=None):\n"
                        "    return _looplab_stack(f, limit, 3)\n",
}


def _swap_code(fn, key):
    ns = {}
    exec(compile(_SWAP[key], "<looplab>", "exec"), ns)
    fn.__code__ = ns[key.replace("fh_", "")].__code__


def _frame_consumers(stack_fn):
    """Rewire the stdlib code that consumes frames so that it takes them
    itself (here) rather than through student-reachable names."""
    import traceback
    import linecache
    import itertools
    import collections
    import io
    import logging
    import asyncio.format_helpers as fh
    import asyncio.constants
    _TB.update(
        islice=itertools.islice, deque=collections.deque,
        lazycache=linecache.lazycache, checkcache=linecache.checkcache,
        FrameSummary=traceback.FrameSummary,
        StackSummary=traceback.StackSummary,
        walk_stack=traceback.walk_stack, format_list=traceback.format_list,
        print_list=traceback.print_list, logging=logging,
        normcase=os.path.normcase, StringIO=io.StringIO,
        debug_depth=asyncio.constants.DEBUG_STACK_DEPTH)
    traceback.StackSummary._extract_from_extended_frame_gen = \
        classmethod(opaque(_extract))
    traceback._looplab_stack = stack_fn
    fh._looplab_stack = stack_fn
    for name in ("extract_stack", "format_stack", "print_stack"):
        _swap_code(getattr(traceback, name), name)
    _swap_code(fh.extract_stack, "fh_extract_stack")
    logging.Logger.findCaller = opaque(_find_caller)
    return fh


def _signal_guard():
    """Signal handlers are handed the frame the main thread was in (a
    harness frame as often as not, and no audit event says so): they get
    None instead."""
    import _signal
    orig = _signal.signal

    def signal(signalnum, handler):
        if callable(handler) and not isinstance(handler, _types.BuiltinFunctionType):
            user = handler

            def trampoline(signum, frame):
                return user(signum, None)
            handler = opaque(trampoline)
        return orig(signalnum, handler)
    _signal.signal = opaque(signal)


def lockdown(harness, lab, others):
    """Before the first line of student code: put every harness object out
    of its reach (docs/grading-trust.md, "Nothing of the harness is
    reachable"). `harness`: the harness module; `lab`: looplab.lab;
    `others`: the rest of our modules."""
    # multiprocessing.Value/Array without ctypes (looplab/_shared.py)
    from looplab import _shared
    _shared.install()
    mods = [harness, lab, sys.modules[__name__]] + [m for m in others if m]
    pkg = sys.modules.get("looplab")
    if pkg is not None and pkg not in mods:
        mods.append(pkg)
    hg = set(id(vars(m)) for m in mods)
    # code that must not be rebuilt into a function with other globals
    # (the harness's own is out of reach: no function, no frame of it)
    protected = {}
    # 1. the lab reaches the harness through a bound name from now on
    try:
        lab._HARNESS.append(harness)
    except AttributeError:
        pass
    # 2. every class of ours, and every function of ours that a module or
    # a class of anyone's holds (the patched time.sleep, Thread.start,
    # open, socket methods, showwarning ...), behind opaque()
    seen = set()
    for m in mods:
        for v in list(vars(m).values()):
            if isinstance(v, type) and any(
                    id(getattr(f, "__globals__", None)) in hg
                    for w in vars(v).values() for f in _functions_of(w)):
                _seal_class(v, hg, seen)
    for name, m in list(sys.modules.items()):
        if m is None or m in mods:
            continue
        d = getattr(m, "__dict__", None)
        if not isinstance(d, dict):
            continue
        classes = name.split(".")[0] in _PATCHED
        for k, v in list(d.items()):
            if isinstance(v, type):
                if classes or id(v) in seen:
                    _seal_class(v, hg, seen)
                continue
            w = _wrap_attr(v, hg, name, k)
            if w is not None:
                d[k] = w
    # 3. frames: consumers rewired, signal handlers get none
    import traceback
    import asyncio.base_tasks
    import asyncio.events
    import asyncio.streams
    import asyncio.coroutines
    import collections
    import enum
    import dis
    import subprocess
    fh = _frame_consumers(opaque(_stack))
    _signal_guard()
    transparent = {}
    for m in (traceback, asyncio.base_tasks, fh):
        _module_codes(m, transparent)
    sinks = {}
    for m in (collections, enum, asyncio.coroutines, dis, subprocess):
        _module_codes(m, sinks)
    lazy = {"typing": None}     # read a frame for a name; imported later, maybe

    def lazy_sink(r):
        # typing._caller reads its caller's module name: its code joins
        # the sinks once the module is there (identity of its dict first)
        for name in lazy:
            m = sys.modules.get(name) if lazy[name] is None else None
            if m is not None and vars(m) is r.f_globals:
                lazy[name] = m
                more = {}
                _module_codes(m, more)
                keep.append(more)
                g_sinks.update(more)
        return id(r.f_code) in g_sinks
    keep, g_sinks = [], set()
    fh_sinks = {}
    _codes(asyncio.events.Handle.__init__.__code__, fh_sinks)
    _codes(asyncio.streams.StreamReader.__init__.__code__, fh_sinks)
    fh_extract, fh_code, fh_dict = fh.extract_stack, fh.extract_stack.__code__, vars(fh)
    fh_stack = fh_dict["_looplab_stack"]
    dget = dict.get

    def fh_ok(g):
        # asyncio debug mode: Handle.__init__ hands sys._getframe(1) to
        # format_helpers.extract_stack; only while that is still ours
        return (dget(g, "format_helpers") is fh
                and dget(fh_dict, "extract_stack") is fh_extract
                and fh_extract.__code__ is fh_code
                and dget(fh_dict, "_looplab_stack") is fh_stack)
    for d in (transparent, sinks, fh_sinks):
        protected.update(d)
    # 4. no harness module by name: sys.modules, the package, __main__
    facade = _types.ModuleType("looplab.lab", lab.__doc__)
    names = [n for n in getattr(lab, "__all__", ()) if n not in ("configure", "stats")]
    for n in names:
        v = getattr(lab, n)
        if isinstance(v, _FunctionType):
            v = opaque(v, "looplab.lab", n)
        setattr(facade, n, v)
    facade.__all__ = names
    top = _types.ModuleType("looplab", "looplab's student-facing helpers: "
                            "``from looplab import lab``.")
    top.__path__ = []
    top.lab = facade
    for name in list(sys.modules):
        m = sys.modules[name]
        if m in mods or name in ("looplab_harness", "looplab_lint") or \
                name.startswith("looplab."):
            del sys.modules[name]
    if sys.modules.get("__main__") is harness or "__main__" not in sys.modules:
        sys.modules["__main__"] = _types.ModuleType("__main__")
    sys.modules["looplab"] = top
    sys.modules["looplab.lab"] = facade
    # 5. the frame rule on (the audit hook reads _GUARD)
    # what the id sets name stays alive (a freed dict's id is reused: the
    # package module, once out of sys.modules, was freed and the student's
    # globals got its id)
    keep.extend([protected, transparent, sinks, fh_sinks, mods,
                 [vars(m) for m in mods]])
    g_sinks.update(sinks)
    _GUARD.update(hg=frozenset(hg), transparent=frozenset(transparent),
                  sinks=g_sinks, lazy_sink=lazy_sink,
                  fh_sinks=frozenset(fh_sinks),
                  fh_ok=fh_ok, protected=frozenset(protected), keep=keep)
    snapshot()


def print_stack(task, file):
    """Task.print_stack for the harness's deadlock report, with linecache
    bound here (asyncio.base_tasks looks it up where student code can
    rebind it, and hands it each frame's globals)."""
    import linecache
    file.write("Stack for %r (most recent call last):\n" % (task,))
    for f in task.get_stack():
        co = f.f_code
        file.write('  File "%s", line %d, in %s\n'
                   % (co.co_filename, f.f_lineno, co.co_name))
        line = linecache.getline(co.co_filename, f.f_lineno).strip()
        if line:
            file.write("    %s\n" % line)


# --------------------------------------------------------------------------
# What the harness runs on at run time, out of the student's reach
# --------------------------------------------------------------------------
def _make_dumps():
    """json.dumps(obj, ensure_ascii=False) on the C encoder, bound now.
    json.dumps goes through JSONEncoder.encode and module names that
    student code can rebind: patching JSONEncoder.encode once made the
    harness write (and the seal sign) a summary of the student's choice."""
    import _json
    join, type_error = "".join, TypeError

    def default(o):
        raise type_error("Object of type %s is not JSON serializable"
                         % type(o).__name__)
    enc = _json.make_encoder(None, default, _json.encode_basestring, None,
                             ": ", ", ", False, False, True)

    def dumps(obj):
        return join(enc(obj, 0))
    return dumps


dumps = _make_dumps()

# Modules whose functions and classes the harness calls while student code
# runs: replacing any of them (json.encoder.JSONEncoder.encode,
# weakref.WeakKeyDictionary.get, asyncio.tasks.all_tasks ...) would run
# student code inside the harness's bookkeeping. Documented hooks that a
# program may set are left out.
_WATCH = ("json", "json.encoder", "weakref", "_weakrefset", "heapq",
          "asyncio", "asyncio.events", "asyncio.base_events",
          "asyncio.base_futures", "asyncio.base_tasks", "asyncio.futures",
          "asyncio.tasks", "asyncio.runners", "asyncio.selector_events",
          "asyncio.unix_events", "asyncio.coroutines", "asyncio.format_helpers",
          "threading", "concurrent.futures", "concurrent.futures._base",
          "concurrent.futures.thread", "selectors", "traceback", "linecache",
          "os", "posixpath", "io", "warnings", "random", "runpy", "inspect",
          "collections", "functools", "types", "hashlib", "logging")
_HOOKS = frozenset(("threading.excepthook", "warnings.showwarning",
                    "warnings.formatwarning", "threading.setprofile",
                    "threading.settrace"))
_SNAP = []


def _is_code(v):
    return callable(v) or isinstance(v, (staticmethod, classmethod, property))


def snapshot():
    """Remember (by identity) every function and class attribute of the
    watched modules; tampered() compares. Taken at the end of lockdown,
    after the harness's own patches."""
    snap = []
    for name in _WATCH:
        m = sys.modules.get(name)
        if m is None:
            continue
        d = vars(m)
        for k, v in list(d.items()):
            if not _is_code(v) or "%s.%s" % (name, k) in _HOOKS:
                continue
            snap.append((d, k, v, "%s.%s" % (name, k)))
            if isinstance(v, type) and v.__module__ == name:
                cd = vars(v)
                for ck, cv in list(cd.items()):
                    if _is_code(cv):
                        snap.append((cd, ck, cv, "%s.%s.%s" % (name, k, ck)))
    _SNAP[:] = [tuple(snap)]


def tampered(note=False):
    """The first watched function or class attribute that student code
    replaced or removed, as "module.name", or None. Once seen (a check
    with note=True at the main task's end), it stays seen."""
    if not _SNAP:
        return None
    if _SNAP[1:]:
        return _SNAP[1]
    missing = _SNAP_MISSING
    for d, k, v, label in _SNAP[0]:
        if d.get(k, missing) is not v:
            if note:
                _SNAP.append(label)
            return label
    return None


_SNAP_MISSING = object()


def result_fits(v, max_items=100000, max_chars=1 << 20):
    """Whether main()'s value is small enough to keep in the summary: at
    most max_items containers' items and max_chars of text in all. Stops
    at the first excess, so a list of ten million ints costs nothing."""
    todo, items, chars = [v], 0, 0
    while todo:
        x = todo.pop()
        if isinstance(x, str):
            chars += len(x)
        elif isinstance(x, (list, tuple, dict)):
            items += len(x)
            if items > max_items:
                return False
            if isinstance(x, dict):
                todo.extend(x.values())
                todo.extend(k for k in x if isinstance(k, str))
            else:
                todo.extend(x)
        if chars > max_chars:
            return False
    return True

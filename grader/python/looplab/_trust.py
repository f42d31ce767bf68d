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

import os
import stat
import sys
import threading
import _thread

_started = False

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


def _make_hook(private):
    """The audit hook. `private`: the idents of our own threads (a frozenset:
    nothing in this closure can be changed through its frame)."""
    deny, no_import, proc_ok, memory = _DENY, _NO_IMPORT, _PROC_OK, _MEMORY
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
        sys.addaudithook(_make_hook(frozenset(private)))
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
    sys.addaudithook(_make_hook(frozenset(private)))
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

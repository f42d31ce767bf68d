# SPDX-License-Identifier: MIT
"""The harness's seal: only the harness can end the result stream.

The grader (grader/check.c) hands the harness a fresh 32-byte key through
an inherited fd and a nonce on the command line. The key never becomes a
Python object that student code could reach: a private seal thread
reads it, closes the fd, keeps only an OpenSSL HMAC object in its
own frame, and waits. Student code cannot see another thread's frame
(``sys._current_frames``, ``sys.settrace``/``setprofile``, ``gc``
traversal and ``ctypes`` are vetoed by the audit hook installed here, and
audit hooks cannot be removed), so the only way to get a seal is for the
harness's own ``main`` frame to reach its end: the seal thread reads the
digest to sign from that frame's local ``_seal`` (student code cannot
write another frame's locals without a trace function, which is vetoed),
signs ``nonce lines digest`` once, and writes the seal line itself.

The grader accepts a run's results only when the stream ends with exactly
one valid seal over everything before it (see docs/grading-trust.md).
"""

import os
import sys
import threading
import _thread

_started = False


def _is_mem_path(p):
    """Opening these would read our own memory (and the key in it)."""
    if isinstance(p, bytes):
        p = os.fsdecode(p)
    if not isinstance(p, str):
        return False        # an fd: already open
    base = os.path.basename(p.rstrip("/"))
    if base in ("mem", "pagemap", "kcore"):
        return True
    try:
        real = os.path.realpath(p)
    except Exception:
        return True
    if not real.startswith("/proc/"):
        return False
    return os.path.basename(real) in ("mem", "pagemap", "environ") or \
        real.rstrip("/") in ("/proc/self", "/proc/thread-self") or \
        real.rstrip("/").split("/")[-1].isdigit()


# Events student code may not raise at all: each would let it see another
# thread's frames, walk every object, or read raw memory.
_DENY = frozenset((
    "sys._current_frames", "sys.settrace", "sys.setprofile",
    "gc.get_objects", "gc.get_referrers", "gc.get_referents",
    "sys._getframemodulename",
))


def frames():
    """sys._current_frames() without the seal thread's frames: the one
    way the harness (its thread barrier) sees other threads' frames. The
    audit hook lets only this function's own frame call _current_frames;
    the filter uses nothing student code can replace (names in code
    objects are constants)."""
    out = sys._current_frames()
    for ident, f in list(out.items()):
        b = f
        while b is not None:
            if b.f_code.co_name == "_seal_main":
                del out[ident]
                break
            b = b.f_back
    return out


def _make_hook(seal_ident):
    deny, get_ident, isinstance_, str_ = _DENY, threading.get_ident, isinstance, str
    mem, getframe, frames_code = _is_mem_path, sys._getframe, frames.__code__
    busy = set()

    def hook(event, args):
        if event in deny:
            if get_ident() == seal_ident[0]:
                return
            if event == "sys._current_frames" and \
                    getframe(1).f_code is frames_code:
                return
            raise RuntimeError("looplab: %s is not allowed in graded code "
                               "(it could reach the grader's own state)" % event)
        if event.startswith("ctypes."):
            raise RuntimeError("looplab: ctypes is not allowed in graded code")
        if event == "import" and args and isinstance_(args[0], str_) and \
                (args[0] == "ctypes" or args[0].startswith("ctypes.") or
                 args[0] in ("_ctypes", "_testcapi", "_xxsubinterpreters")):
            raise ImportError("looplab: %s is not allowed in graded code "
                              "(it reads raw memory)" % args[0])
        if event == "open" and args:
            me = get_ident()
            if me in busy:           # realpath below may audit itself
                return
            busy.add(me)
            try:
                bad = mem(args[0])
            finally:
                busy.discard(me)
            if bad:
                raise PermissionError("looplab: reading %r is not allowed in "
                                      "graded code" % (args[0],))
    return hook


def _seal_main(key_fd, nonce, out_fd, main_frame, req, done, ready, box,
               abort, hmac_new, os_read, os_close, os_write):
    """The seal thread: its frame alone holds the HMAC object."""
    mac = None
    try:
        key = os_read(key_fd, 64)
        os_close(key_fd)
        if len(key) >= 32:
            mac = hmac_new(key, digestmod="sha256")
        key = None
    except BaseException:
        mac = None
    box.append(mac is not None)
    ready.release()
    spurious = 0
    while True:
        req.acquire()
        kind = "end"
        try:
            todo = main_frame.f_locals.get("_seal")
        except BaseException:
            todo = None
        if todo is None and abort:
            # an early end (deadlock, virtual-time limit) decided inside
            # the loop: sealed as "abort", which the grader accepts only
            # with a failing status, so calling it buys student code nothing
            todo, kind = abort[0], "abort"
        if todo is None:
            spurious += 1       # someone else released the lock: not sealed
            continue
        try:
            lines, digest = todo
            msg = "%s %d %s %s" % (nonce, int(lines), str(digest), kind)
            if mac is not None:     # inline: no frame of ours to reach
                mac = mac.copy()
                mac.update(msg.encode("ascii"))
            line = ("#seal %s %s\n" % (msg, "" if mac is None else
                                       mac.hexdigest())).encode("ascii")
            while line:
                n = os_write(out_fd, line)
                line = line[n:]
        except BaseException:
            pass
        mac = None              # once only
        done.release()
        return


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
    """Start the seal thread and install the audit hook; before any student
    code. Returns seal() for the harness's very end (the caller must hold
    the (lines, digest) pair in its local ``_seal``), None without a key."""
    global _started
    if _started:
        raise RuntimeError("looplab seal started twice")
    _started = True
    ident = [None]
    if key_fd is None:      # run by hand: no grader to seal for
        _undumpable()
        sys.addaudithook(_make_hook(ident))
        return None
    import _hashlib
    req, done, ready = (threading.Lock(), threading.Lock(), threading.Lock())
    req.acquire()
    done.acquire()
    ready.acquire()
    box, abort = [], []
    # A bare _thread: not in threading.enumerate() (thread counts and
    # deadlock detection never see it) and no Thread object keeps its args.
    ident[0] = _thread.start_new_thread(
        _seal_main, (key_fd, nonce, out_fd, main_frame, req, done, ready, box,
                     abort, _hashlib.hmac_new, os.read, os.close, os.write))
    ready.acquire()
    _undumpable()
    sys.addaudithook(_make_hook(ident))
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

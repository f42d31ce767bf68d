# SPDX-License-Identifier: MIT
"""Harness probes installed before the student's code runs (internal).

* Blocking calls made in the loop thread while a task runs: sync socket
  calls (a socket in blocking mode), ``open()`` from the student's own
  files, and ``requests.*``. Each is recorded as a ``block`` with the task
  that made it. Requests to lab URLs (``http://lab/...``) are served by the
  lab and cost their latency in virtual time; other blocking calls cost
  real time only (they really happen) and are reported.
* Threads and processes the student starts, for ``threads_ok``/``procs_ok``:
  thread count and peak alive, distinct executor worker threads, child
  pids (os.fork, subprocess, multiprocessing) and children still alive at
  the end.
"""

# Our own copy of the builtins, taken before any student code: a program
# that replaces builtins.dict (or len, isinstance ...) must not run its
# code inside ours (every function below captures this dict).
__builtins__ = dict(vars(__import__("builtins")))

import asyncio
import builtins
import functools
import io
import os
import socket
import sys
import threading

_H = sys.modules.get("looplab_harness")


def _opaque(fn):
    """fn behind a C wrapper that shows nothing of it (see _trust.opaque):
    for what we hand out after the harness locked down."""
    return functools._lru_cache_wrapper(fn, 0, False, functools._CacheInfo)


class _Stats:
    def __init__(self):
        self.threads_started = 0
        self.threads_peak = 0
        self.worker_idents = set()
        self.child_pids = []
        self.student_dir = None


S = _Stats()


def _in_loop_task():
    """The running task when called in a VirtualLoop's thread, else None."""
    loop = asyncio.events._get_running_loop()
    if loop is None or not isinstance(loop, _H.VirtualLoop):
        return None
    try:
        return asyncio.tasks.current_task(loop)
    except RuntimeError:
        return None


def _from_student(depth=2):
    if S.student_dir is None:
        return False
    try:
        f = sys._getframe(depth)
    except ValueError:
        return False
    return os.path.abspath(f.f_code.co_filename).startswith(S.student_dir)


def _block(task, what):
    _H._add_block(task, what)


# ---- sockets -----------------------------------------------------------
_SOCK_METHODS = ("connect", "recv", "recv_into", "recvfrom", "send", "sendall",
                 "accept", "sendto")


def _wrap_sock(name, orig):
    def method(self, *a, **kw):
        try:
            blocking = self.gettimeout() != 0.0
        except OSError:
            blocking = False
        if blocking:
            task = _in_loop_task()
            if task is not None:
                _block(task, "blocking socket call: socket.%s()" % name)
        return orig(self, *a, **kw)
    method.__name__ = name
    return method


def _install_sockets():
    for name in _SOCK_METHODS:
        orig = getattr(socket.socket, name, None)
        if orig is not None:
            setattr(socket.socket, name, _wrap_sock(name, orig))
    orig_cc = socket.create_connection

    def create_connection(address, *a, **kw):
        task = _in_loop_task()
        if task is not None:
            _block(task, "blocking socket call: socket.create_connection(%r)"
                   % (address,))
        return orig_cc(address, *a, **kw)
    socket.create_connection = create_connection


# ---- open() ------------------------------------------------------------
_orig_open = builtins.open


def _open(file, mode="r", *a, **kw):
    if _in_loop_task() is not None and _from_student(2):
        _block(_in_loop_task(), "blocking file I/O: open(%r)" % (file,))
    return _orig_open(file, mode, *a, **kw)


# ---- requests (patched when the student imports it) ---------------------
def _is_lab(url):
    s = str(url)
    return s.startswith(("http://lab/", "https://lab/", "http://lab.local/"))


class _SyncResponse:
    def __init__(self, r):
        self.status_code = r.status
        self.url = r.url
        self.headers = r.headers
        b = r._body
        import json as _json
        self.text = b if isinstance(b, str) else _json.dumps(b)
        self.content = self.text.encode()
        self.ok = r.status < 400

    def json(self):
        import json as _json
        return _json.loads(self.text)

    def raise_for_status(self):
        if self.status_code >= 400:
            raise OSError("%d error for url %s" % (self.status_code, self.url))


def _wrap_requests_fn(name, orig):
    def fn(*a, **kw):
        url = kw.get("url")
        if url is None:
            url = a[1] if name == "request" and len(a) > 1 else (a[0] if a else "")
        if _is_lab(url):
            from looplab import lab
            return _SyncResponse(lab.fetch_sync(url))
        task = _in_loop_task()
        if task is not None:
            _block(task, "blocking HTTP: requests.%s(%r)" % (name, url))
        return orig(*a, **kw)
    fn.__name__ = name
    return fn


class _RequestsFinder:
    """Meta-path hook: once `requests` is imported, wrap its verbs."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "requests":
            return None
        from importlib.machinery import PathFinder
        spec = PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        orig_exec = spec.loader.exec_module

        def exec_module(module):
            orig_exec(module)
            for verb in ("get", "post", "put", "delete", "head", "patch", "request"):
                f = getattr(module, verb, None)
                if callable(f):
                    setattr(module, verb, _opaque(_wrap_requests_fn(verb, f)))
        spec.loader.exec_module = _opaque(exec_module)
        return spec


# ---- threads and processes ----------------------------------------------
def thread_started():
    S.threads_started += 1
    n = sum(1 for t in threading.enumerate()
            if t is not threading.main_thread() and t.name != "looplab-timekeeper")
    if n > S.threads_peak:
        S.threads_peak = n


def worker_ran(ident):
    S.worker_idents.add(ident)


def _record_pid(pid):
    if isinstance(pid, int) and pid > 0 and os.getpid() == _H.V.pid:
        S.child_pids.append(pid)


def _install_procs():
    orig_fork = os.fork

    def fork():
        pid = orig_fork()
        _record_pid(pid)
        return pid
    os.fork = fork
    try:
        import _posixsubprocess
        orig_fe = _posixsubprocess.fork_exec

        def fork_exec(*a, **kw):
            pid = orig_fe(*a, **kw)
            _record_pid(pid)
            return pid
        _posixsubprocess.fork_exec = fork_exec
        sub = sys.modules.get("subprocess")
        if sub is not None and getattr(sub, "_fork_exec", None) is orig_fe:
            sub._fork_exec = fork_exec
    except ImportError:
        pass


def _alive_children():
    pids = []
    try:
        for tid in os.listdir("/proc/self/task"):
            with _orig_open("/proc/self/task/%s/children" % tid) as f:
                pids += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return pids


def summary():
    left = _alive_children()
    return {
        "threads": {"started": S.threads_started, "peak": S.threads_peak,
                    "workers": len(S.worker_idents),
                    "alive_end": sum(1 for t in threading.enumerate()
                                     if t is not threading.main_thread()
                                     and t.name != "looplab-timekeeper")},
        "procs": {"started": len(S.child_pids),
                  "pids": len(set(S.child_pids)),
                  "leftover": len([p for p in left if p in set(S.child_pids)])},
    }


def install(student_dir):
    S.student_dir = os.path.abspath(student_dir) + os.sep
    _install_sockets()
    builtins.open = _open
    io.open = _open
    sys.meta_path.insert(0, _RequestsFinder())
    _install_procs()

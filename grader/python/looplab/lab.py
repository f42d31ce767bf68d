# SPDX-License-Identifier: MIT
"""Simulated lab services on the student's own (virtual-clock) event loop.

    from looplab import lab
    page = await lab.fetch("http://lab/page/a")        # simulated HTTP
    async with lab.Session(timeout=5) as s:            # aiohttp-like
        async with s.get("http://lab/page/a") as r:
            text = await r.text()
    await lab.io("disk", 0.5)                          # traced non-blocking I/O
    lab.block(0.5)                                     # a *blocking* call
    lab.cpu(20)                                        # 20 ms of real CPU work

Every in-flight operation is counted per tag (the endpoint's tag, "http" by
default) and traced as io_begin/io_end, which is what `maxconc` grades.
Endpoints come from the exercise's lab table (the harness's --lab option,
see README.md "Lab services"); without one, these URL shapes answer:
``/delay/<seconds>``, ``/status/<code>`` and anything else after 0.1 s.
Latency, status and body may be lists: request k of an endpoint uses item
k mod len (so ``"status": [500, 200]`` fails once, then succeeds).
``max_concurrent`` (global or per endpoint) answers 429 at once to the
request that would exceed it; ``"hang": true`` never answers.
"""

# Our own copy of the builtins, taken before any student code: a program
# that replaces builtins.dict (or len, isinstance ...) must not run its
# code inside ours (every function below captures this dict).
__builtins__ = dict(vars(__import__("builtins")))

import asyncio
import json as _json
import sys
import threading
import time as _time
import warnings

__all__ = ["fetch", "fetch_sync", "io", "block", "cpu", "Session", "Response",
           "ClientResponseError", "configure", "stats"]

_DEFAULT_LATENCY = 0.1


_HARNESS = []       # the harness module, bound before student code runs


def _h():
    """The harness module when running under it, else None. Bound, not
    looked up: student code sees no harness module by name."""
    return _HARNESS[0] if _HARNESS else sys.modules.get("looplab_harness")


class _Lab:
    def __init__(self):
        self.cfg = {}
        self.inflight = {}        # tag -> count
        self.peak = {}            # tag -> peak count
        self.requests = 0
        self.rejected = 0         # 429 answers
        self.failed = 0           # status >= 500 answers
        self.hits = {}            # endpoint key -> requests so far
        self.lock = threading.Lock()


_S = _Lab()


def configure(cfg):
    """Set the endpoint table (a dict, see the module docstring)."""
    if not isinstance(cfg, dict):
        raise TypeError("lab.configure expects a dict")
    _S.cfg = cfg


def stats():
    """{'peak': {tag: n}, 'requests': n, 'rejected': n, 'failed': n}."""
    return {"peak": dict(_S.peak), "requests": _S.requests,
            "rejected": _S.rejected, "failed": _S.failed}


def _task_and_emit(ev, tag):
    H = _h()
    if H is None:
        return
    try:
        task = H._current_task()
        tid, name = H._task_info(task)
        H._emit(ev, tid, name, tag)
    except Exception:
        pass


def _begin(tag):
    with _S.lock:
        n = _S.inflight.get(tag, 0) + 1
        _S.inflight[tag] = n
        if n > _S.peak.get(tag, 0):
            _S.peak[tag] = n
    _task_and_emit("io_begin", tag)
    return n


def _end(tag):
    with _S.lock:
        _S.inflight[tag] = _S.inflight.get(tag, 1) - 1
    _task_and_emit("io_end", tag)


def _path_of(url):
    s = str(url)
    if "://" in s:
        s = s.split("://", 1)[1]
        s = "/" + s.split("/", 1)[1] if "/" in s else "/"
    return s.split("?", 1)[0] or "/"


def _pick(v, k):
    if isinstance(v, list):
        return v[k % len(v)] if v else None
    return v


def _route(url):
    """The answer plan for request number k to url:
    (key, tag, latency, status, body, hang, max_concurrent)."""
    eps = _S.cfg.get("endpoints") or {}
    path = _path_of(url)
    key, ep = None, None
    for cand in (str(url), path):
        if cand in eps:
            key, ep = cand, eps[cand]
            break
    if ep is None:
        for pre in sorted(eps, key=len, reverse=True):
            if pre.endswith("*") and path.startswith(pre[:-1]):
                key, ep = pre, eps[pre]
                break
    if ep is None:
        key, ep = path, {}
        parts = path.strip("/").split("/")
        try:
            if parts[0] == "delay" and len(parts) > 1:
                ep = {"latency": float(parts[1])}
            elif parts[0] == "status" and len(parts) > 1:
                ep = {"status": int(parts[1])}
        except ValueError:
            pass
    with _S.lock:
        k = _S.hits.get(key, 0)
        _S.hits[key] = k + 1
        _S.requests += 1
    default = _S.cfg.get("default") or {}
    lat = _pick(ep.get("latency", default.get("latency", _DEFAULT_LATENCY)), k)
    status = _pick(ep.get("status", default.get("status", 200)), k)
    body = _pick(ep.get("body", default.get("body", "ok %s" % path)), k)
    hang = bool(_pick(ep.get("hang", False), k))
    cap = ep.get("max_concurrent", _S.cfg.get("max_concurrent"))
    tag = ep.get("tag", _S.cfg.get("tag", "http"))
    return key, tag, float(lat or 0), int(status), body, hang, cap


class ClientResponseError(Exception):
    """raise_for_status() on a 4xx/5xx answer (aiohttp's name)."""

    def __init__(self, status, url):
        super().__init__("%d, url=%r" % (status, url))
        self.status = status
        self.url = url


class Response:
    """The answer of a lab endpoint (read like aiohttp's ClientResponse)."""

    def __init__(self, url, status, body):
        self.url = url
        self.status = status
        self._body = body
        self.headers = {"Content-Type": "application/json"
                        if not isinstance(body, str) else "text/plain"}
        if status == 429:
            self.headers["Retry-After"] = "1"

    @property
    def ok(self):
        return self.status < 400

    def raise_for_status(self):
        if self.status >= 400:
            raise ClientResponseError(self.status, self.url)

    async def text(self):
        b = self._body
        return b if isinstance(b, str) else _json.dumps(b)

    async def json(self):
        b = self._body
        return _json.loads(b) if isinstance(b, str) else b

    async def read(self):
        return (await self.text()).encode()

    def release(self):
        pass

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False

    def __repr__(self):
        return "<lab.Response %d %s>" % (self.status, self.url)


def _count_answer(status):
    with _S.lock:
        if status == 429:
            _S.rejected += 1
        elif status >= 500:
            _S.failed += 1


async def _fetch(url):
    key, tag, lat, status, body, hang, cap = _route(url)
    n = _begin(tag)
    try:
        if cap is not None and n > int(cap):
            status, body = 429, "too many concurrent requests (limit %d)" % int(cap)
        elif hang:
            # Never answers: without a timeout the run deadlocks, and the
            # report shows this await.
            await asyncio.get_running_loop().create_future()
        else:
            await asyncio.sleep(lat)
    finally:
        _end(tag)
    _count_answer(status)
    return Response(str(url), status, body)


async def fetch(url, *, timeout=None):
    """GET a lab endpoint without blocking the loop. `timeout` (seconds)
    raises asyncio.TimeoutError like asyncio.wait_for."""
    if timeout is None:
        return await _fetch(url)
    return await asyncio.wait_for(_fetch(url), timeout)


def fetch_sync(url):
    """The *blocking* version (what requests.get does): in the loop thread
    it stalls the loop, costs the endpoint's latency in virtual time and is
    reported as a blocking call."""
    key, tag, lat, status, body, hang, cap = _route(url)
    H = _h()
    in_loop = H is not None and isinstance(asyncio.events._get_running_loop(),
                                           H.VirtualLoop)
    _begin(tag)
    try:
        if hang:
            lat = 3600.0 * 24
        if in_loop:
            H._add_block(H._current_task(), "blocking HTTP request %s" % url)
            H._advance_by(lat)
        else:
            _time.sleep(lat)
    finally:
        _end(tag)
    _count_answer(status)
    return Response(str(url), status, body)


async def io(tag, seconds):
    """Simulated non-blocking I/O: `seconds` of virtual time, traced as an
    in-flight operation carrying `tag`."""
    _begin(str(tag))
    try:
        await asyncio.sleep(seconds)
    finally:
        _end(str(tag))


def block(seconds):
    """A simulated blocking call (a disk read, a sync driver): in the loop
    thread it stalls the loop and is reported."""
    H = _h()
    if H is not None and isinstance(asyncio.events._get_running_loop(), H.VirtualLoop):
        H._add_block(H._current_task(), "lab.block(%s)" % H._fmt_num(float(seconds)))
        H._advance_by(float(seconds))
    else:
        _time.sleep(seconds)


def cpu(ms):
    """Really burn `ms` milliseconds of CPU."""
    end = _time.process_time() + ms / 1000.0
    x = 0
    while _time.process_time() < end:
        for i in range(1000):
            x += i * i
    return x


class _RequestCtx:
    """session.get(url): awaitable, and an async context manager."""

    def __init__(self, session, url, timeout):
        self._s, self._url, self._timeout = session, url, timeout
        self._resp = None

    def __await__(self):
        return self._go().__await__()

    async def _go(self):
        if self._s.closed:
            raise RuntimeError("Session is closed")
        return await fetch(self._url, timeout=self._timeout)

    async def __aenter__(self):
        self._resp = await self._go()
        return self._resp

    async def __aexit__(self, *exc):
        return False


class Session:
    """A small aiohttp.ClientSession look-alike over the lab endpoints.
    Close it (``async with`` or ``await s.close()``): an unclosed session
    is reported like aiohttp's "Unclosed client session"."""

    def __init__(self, *, timeout=None, **_ignored):
        t = getattr(timeout, "total", timeout)
        self._timeout = t
        self.closed = False

    def get(self, url, *, timeout=None, **_ignored):
        t = getattr(timeout, "total", timeout)
        return _RequestCtx(self, url, t if t is not None else self._timeout)

    async def close(self):
        self.closed = True

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.close()
        return False

    def __del__(self):
        if not getattr(self, "closed", True):
            self.closed = True
            try:
                warnings.warn("Unclosed client session %r" % (self,),
                              ResourceWarning, source=self)
            except Exception:
                pass

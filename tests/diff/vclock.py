"""tests/diff/vclock.py -- run one diff case under a virtual-clock asyncio loop.

usage: /usr/bin/python3 -I vclock.py CASE.py

The loop is CPython's own selector loop; only two things change, both to match
looplab's engine: time is virtual (when nothing is ready the clock jumps to the
next timer instead of sleeping), and timers with equal deadlines fire in the
order they were scheduled (CPython's timer heap compares deadlines only, so
equal deadlines do not come out in scheduling order; aio breaks ties FIFO on
purpose). Everything else (ready-queue order, task steps, cancellation) is the
unmodified stdlib, which is the point: the expected traces come from real
asyncio.

Loop exception-handler calls ("Task exception was never retrieved", ...) are
written to stderr as one line `asyncio: <message>` so the diff runner can
compare the diagnostic, not the traceback formatting. A loop with nothing
ready and no timers is a deadlock: the case is reported on stderr and exits 3.
"""
import asyncio
import gc
import heapq
import itertools
import runpy
import selectors
import sys
from asyncio import events

_seq = itertools.count()


class _FifoTimer(events.TimerHandle):
    """A TimerHandle ordered by (when, scheduling order)."""
    __slots__ = ("_seq",)

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self._seq = next(_seq)

    def _key(self):
        return (self._when, self._seq)

    def __lt__(self, other):
        return self._key() < other._key()

    def __le__(self, other):
        return self._key() <= other._key()

    def __gt__(self, other):
        return self._key() > other._key()

    def __ge__(self, other):
        return self._key() >= other._key()

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        return self is other


class Deadlock(Exception):
    pass


class _VSelector(selectors.DefaultSelector):
    """Never blocks: a positive timeout moves the virtual clock instead."""

    def __init__(self):
        super().__init__()
        self.loop = None

    def select(self, timeout=None):
        got = super().select(0)
        if got:
            return got
        loop = self.loop
        if timeout is None:
            raise Deadlock("deadlock: nothing ready and no timers")
        if timeout > 0 and loop._scheduled:
            loop._vt = max(loop._vt, loop._scheduled[0]._when)
        return got


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self._vt = 0.0
        sel = _VSelector()
        super().__init__(sel)
        sel.loop = self
        self.set_exception_handler(_report)

    def time(self):
        return self._vt

    def call_at(self, when, callback, *args, context=None):
        if when is None:
            raise TypeError("when cannot be None")
        self._check_closed()
        timer = _FifoTimer(when, callback, args, self, context)
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer


def _report(loop, context):
    sys.stdout.flush()
    print("asyncio:", context.get("message"), file=sys.stderr, flush=True)


class _Policy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self):
        return VirtualLoop()


def main():
    if len(sys.argv) != 2:
        print("usage: vclock.py CASE.py", file=sys.stderr)
        return 2
    asyncio.set_event_loop_policy(_Policy())
    path = sys.argv[1]
    sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
    sys.argv = [path]
    try:
        runpy.run_path(path, run_name="__main__")
    except Deadlock as e:
        sys.stdout.flush()
        print(f"vclock: {e}", file=sys.stderr)
        return 3
    finally:
        gc.collect()
        gc.collect()
    return 0


if __name__ == "__main__":
    sys.exit(main())

# verdict: RE
# error: which the grader runs on
# Frames through the stdlib that consumes them: a function built from
# traceback's own code with globals of ours (so its frame looks like
# traceback's), exec of that code, __code__ swapped in, a patched
# linecache and FrameSummary while a traceback is formatted, and asyncio
# debug mode with format_helpers replaced (Handle.__init__ hands it
# sys._getframe(1)).
import asyncio, atexit, sys, time
from looplab import lab

FOUND = []


def looks_like_harness(g):
    return isinstance(g, dict) and "V" in g and "_emit" in g


def forge(g):
    """What a route to the harness's globals buys: a summary that says
    main returned 42 after 1 s, nothing blocked, 3 requests in flight."""
    V = g["V"]
    V.blocking.clear()
    V.main_result = 42
    V.main_end = "done"
    V.clock = 1.0
    g["_lab"]._S.peak["http"] = 3


def found(g, how):
    if looks_like_harness(g) and not FOUND:
        FOUND.append(how)
        atexit.register(forge, g)
        print("FORGED via", how)


def attempt(how, fn):
    try:
        fn()
    except Exception as e:          # refused: say so and go on honestly
        print("refused:", how, "-", type(e).__name__, str(e)[:100])


async def honest():
    time.sleep(0.5)
    await lab.fetch("http://lab/delay/2")
    return 0
import traceback, types, linecache, asyncio.events, asyncio.format_helpers as fh

SPY = []


class Spy:
    def __getattr__(self, name):
        def f(*a, **k):
            for x in a:
                found(x, "spy." + name)
                found(getattr(x, "f_globals", None), "spy." + name)
                f2 = x
                while hasattr(f2, "f_back"):
                    found(f2.f_globals, "spy." + name)
                    f2 = f2.f_back
            return []
        return f


def built():
    g = {"sys": sys, "StackSummary": Spy(), "walk_stack": lambda f: SPY.append(f) or ()}
    fn = types.FunctionType(traceback.extract_stack.__code__, g)
    fn()
    for f in SPY:
        while f is not None:
            found(f.f_globals, "built extract_stack")
            f = f.f_back


def swapped():
    def mine(f=None, limit=None):
        return sys._getframe().f_back
    mine.__code__ = traceback.walk_tb.__code__


def patched_linecache():
    orig = linecache.lazycache, traceback.FrameSummary
    linecache.lazycache = lambda fn, g: found(g, "lazycache")
    traceback.FrameSummary = Spy().FrameSummary
    try:
        try:
            time.sleep(-1)
        except ValueError:
            traceback.format_exc()
            traceback.TracebackException(*sys.exc_info(), capture_locals=True)
    finally:
        linecache.lazycache, traceback.FrameSummary = orig


async def main():
    attempt("FunctionType", built)
    attempt("exec", lambda: exec(traceback.walk_stack.__code__, {"sys": sys}))
    attempt("__code__", swapped)
    attempt("linecache", patched_linecache)
    loop = asyncio.get_running_loop()
    loop.set_debug(True)
    asyncio.events.format_helpers = Spy()
    attempt("debug call_soon", lambda: loop.call_soon(print, "x"))
    asyncio.events.format_helpers = fh
    fh.extract_stack = Spy().extract_stack
    attempt("debug call_soon 2", lambda: loop.call_soon(print, "y"))
    loop.set_debug(False)
    return await honest()

asyncio.run(main())

# verdict: FAIL
# Walk object.__subclasses__() for the harness's classes (VirtualLoop,
# _State, _Tee, _FifoTimerHandle, the lab's and the probes' classes) and
# look for a function of theirs whose globals are the harness's.
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


def walk():
    seen, todo = set(), [object]
    while todo:
        c = todo.pop()
        if id(c) in seen:
            continue
        seen.add(id(c))
        try:
            todo.extend(type.__subclasses__(c))
        except Exception:
            pass
        for k, v in list(vars(c).items()):
            for f in (v, getattr(v, "__func__", None), getattr(v, "fget", None)):
                found(getattr(f, "__globals__", None), "%s.%s" % (c.__name__, k))
                for cell in getattr(f, "__closure__", None) or ():
                    try:
                        found(getattr(cell.cell_contents, "__globals__", None), "closure")
                    except ValueError:
                        pass


async def main():
    attempt("subclasses", walk)
    return await honest()

asyncio.run(main())

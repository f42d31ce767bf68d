# verdict: FAIL
# Builtins the harness's bookkeeping calls (dict, len, isinstance, type,
# round, sorted) replaced by ones that lie: the lab's peak copied with
# dict(), the result checked with type(). The harness's modules keep a
# private copy of the builtins taken before student code.
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
import builtins

real_dict, real_type = dict, type


def lying_dict(*a, **k):
    d = real_dict(*a, **k)
    if "http" in d:
        d["http"] = 3
    return d


builtins.dict = lying_dict
builtins.round = lambda x, n=None: 1.0
builtins.sorted = lambda it, **k: []
asyncio.run(honest())

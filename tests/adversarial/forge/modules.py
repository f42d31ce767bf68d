# verdict: FAIL
# The harness's modules by name: sys.modules (looplab_harness, __main__,
# looplab._trust, looplab._probes, looplab.lab's own globals), import,
# importlib, inspect.getmodule of a patched function, and a scan of every
# module for an attribute that looks like the harness's state.
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
import importlib, inspect


def scan():
    for name, m in list(sys.modules.items()):
        found(getattr(m, "__dict__", None), "sys.modules[%r]" % name)
        for k in ("V", "_H", "_S", "H"):
            v = getattr(m, k, None)
            found(getattr(v, "__dict__", None), "%s.%s" % (name, k))
            found(getattr(v, "V", None) and vars(v), "%s.%s" % (name, k))


async def main():
    attempt("scan", scan)
    for name in ("looplab_harness", "__main__", "looplab._trust", "looplab._probes", "looplab.lab", "looplab"):
        attempt("import " + name, lambda name=name: found(vars(importlib.import_module(name)), name))
    attempt("getmodule", lambda: found(vars(inspect.getmodule(time.sleep)), "getmodule"))
    attempt("lab._h", lambda: found(vars(lab._h()), "lab._h"))
    attempt("lab._S", lambda: lab._S.peak.update(http=3))
    attempt("lab.configure", lambda: lab.configure({"default": {"latency": 0}}))
    attempt("lab.stats", lambda: print(lab.stats()))
    return await honest()

asyncio.run(main())

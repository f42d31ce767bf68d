# verdict: FAIL
# sys.stdout's wrapper (its class, its methods, its inner stream),
# warnings.showwarning, and a signal handler, which CPython hands the
# frame the main thread was in (often the harness's own) with no audit
# event.
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
import signal, warnings


def look(obj, how):
    for f in (obj, getattr(obj, "__func__", None)):
        found(getattr(f, "__globals__", None), how)


def on_alarm(signum, frame):
    f = frame
    while f is not None:
        found(f.f_globals, "signal frame")
        f = f.f_back


async def main():
    for k, v in list(vars(type(sys.stdout)).items()):
        attempt("stdout " + k, lambda v=v, k=k: look(v, "stdout." + k))
    attempt("stdout getattr", lambda: look(sys.stdout.__getattr__, "stdout.__getattr__"))
    attempt("showwarning", lambda: look(warnings.showwarning, "showwarning"))
    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 0.01)
    t0 = time.perf_counter()
    end = __import__("os").times().elapsed + 0.2
    while __import__("os").times().elapsed < end:    # real time, in the loop
        pass
    return await honest()

asyncio.run(main())

# verdict: FAIL
# asyncio and threading internals that hold the harness's callbacks: the
# loop's ready queue and timer heap (handle._callback), a task's done
# callbacks, an executor future's callbacks, the timekeeper thread's
# target, threading._active; and per-object bookkeeping a submission
# could rewrite (the loop's idea of its main task).
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
import threading, concurrent.futures


def dig(cb, how):
    for f in (cb, getattr(cb, "__func__", None), getattr(cb, "func", None)):
        found(getattr(f, "__globals__", None), how)
        for cell in getattr(f, "__closure__", None) or ():
            try:
                found(getattr(cell.cell_contents, "__globals__", None), how)
            except ValueError:
                pass


async def quick():
    return 42


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(5, print, "later")
    t = asyncio.create_task(asyncio.sleep(0))
    attempt("_ready", lambda: [dig(h._callback, "_ready") for h in list(loop._ready)])
    attempt("_scheduled", lambda: [dig(h._callback, "_scheduled") for h in list(loop._scheduled)])
    attempt("task callbacks", lambda: [dig(cb, "task cb") for cb, _ in t._callbacks])
    attempt("main callbacks", lambda: [dig(cb, "main cb") for cb, _ in asyncio.current_task()._callbacks])
    ex = concurrent.futures.ThreadPoolExecutor(1)
    fut = ex.submit(time.sleep, 0)
    attempt("future callbacks", lambda: [dig(cb, "fut cb") for cb in fut._done_callbacks])
    await asyncio.wrap_future(fut)
    attempt("threads", lambda: [dig(getattr(x, "_target", None), x.name) for x in threading._active.values()])
    # the loop's main task, rewritten to a task that returns 42 at once
    q = asyncio.create_task(quick())
    await q
    attempt("_ll_main", lambda: setattr(loop, "_ll_main", __import__("weakref").ref(q)))
    await t
    return await honest()

asyncio.run(main())

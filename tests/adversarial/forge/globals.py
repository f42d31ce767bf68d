# verdict: FAIL
# The __globals__, __closure__, __wrapped__, __self__, __func__ and
# defaults of every callable the harness patched or hands out (time.*,
# Thread.start, executor submit, open, socket methods, showwarning, the
# loop's and policy's methods, sys.stdout's, the lab's functions and
# classes): once time.sleep.__globals__ was the harness module.
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
import builtins, io, socket, threading, warnings, inspect, functools
import concurrent.futures, concurrent.futures.thread as cft


def dig(obj, how, depth=0):
    if depth > 3 or obj is None:
        return
    for a in ("__globals__",):
        found(getattr(obj, a, None), how + "." + a)
    for a in ("__wrapped__", "__self__", "__func__", "func", "fget", "__call__"):
        try:
            v = getattr(obj, a, None)
        except Exception:
            v = None
        if v is not None and v is not obj:
            dig(v, how + "." + a, depth + 1)
    for cell in getattr(obj, "__closure__", None) or ():
        try:
            c = cell.cell_contents
        except ValueError:
            continue
        found(c, how + ".closure")
        found(getattr(c, "__dict__", None), how + ".closure")
        dig(c, how + ".closure", depth + 1)
    for d in (getattr(obj, "__defaults__", None) or ()) + tuple((getattr(obj, "__kwdefaults__", None) or {}).values()):
        dig(d, how + ".default", depth + 1)
    try:
        found(vars(inspect.unwrap(obj)).get("__globals__"), how + ".unwrap")
    except Exception:
        pass


async def main():
    loop = asyncio.get_running_loop()
    cands = {"time." + n: getattr(time, n) for n in dir(time) if callable(getattr(time, n))}
    cands.update({
        "Thread.start": threading.Thread.start, "submit": concurrent.futures.ThreadPoolExecutor.submit,
        "WorkItem.run": cft._WorkItem.run, "open": builtins.open, "io.open": io.open,
        "showwarning": warnings.showwarning, "socket.connect": socket.socket.connect,
        "create_connection": socket.create_connection, "stdout.write": sys.stdout.write,
        "stdout.type.write": type(sys.stdout).write, "policy": asyncio.get_event_loop_policy().get_event_loop,
        "loop.call_soon": loop.call_soon, "loop.create_task": loop.create_task,
        "loop.type.run_once": type(loop)._run_once, "loop.time": loop.time,
        "lab.fetch": lab.fetch, "lab.block": lab.block, "lab.Session.get": lab.Session.get,
        "lab.Session.init": lab.Session.__init__, "os.fork": __import__("os").fork,
    })
    for cls in type(loop).__mro__ + type(sys.stdout).__mro__ + type(asyncio.get_event_loop_policy()).__mro__:
        for k, v in vars(cls).items():
            cands["%s.%s" % (cls.__name__, k)] = v
    for how, fn in cands.items():
        attempt(how, lambda fn=fn, how=how: dig(fn, how))
    return await honest()

asyncio.run(main())

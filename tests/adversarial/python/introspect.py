# verdict: PASS
# Every route to the grader's seal key or signer that issue 14 names: each
# must fail, and no object reachable from what student code can touch may
# be the HMAC that signs. A route that works prints ESCAPED (the fixture's
# "stays inside the sandbox" check fails on it).
import gc, os, sys, threading, time, asyncio, signal

def escaped(route, what=""):
    print("ESCAPED via", route, what)

def denied(route, fn):
    try:
        r = fn()
    except (RuntimeError, ImportError, PermissionError, OSError,
            AttributeError, KeyError) as e:
        return
    escaped(route, repr(r)[:80])

denied("gc.get_objects", gc.get_objects)
denied("gc.get_referrers", lambda: gc.get_referrers(sys.modules))
denied("gc.get_referents", lambda: gc.get_referents(sys.modules))
denied("sys._current_frames", sys._current_frames)
denied("sys.settrace", lambda: sys.settrace(lambda *a: None))
denied("sys.setprofile", lambda: sys.setprofile(lambda *a: None))
denied("import ctypes", lambda: __import__("ctypes"))
denied("import _ctypes", lambda: __import__("_ctypes"))
# importable now (no ctypes inside: grader/python/looplab/_shared.py)
denied("multiprocessing.sharedctypes", lambda: vars(
    __import__("multiprocessing.sharedctypes").sharedctypes)["ctypes"])
denied("open /proc/self/mem", lambda: open("/proc/self/mem", "rb"))
denied("os.open /proc/self/mem", lambda: os.open("/proc/self/mem", os.O_RDONLY))
denied("open /proc/<pid>/task/<tid>/mem", lambda: open(
    "/proc/%d/task/%d/mem" % (os.getpid(), threading.get_native_id()), "rb"))
def via_dirfd():
    d = os.open("/proc/self", os.O_RDONLY)
    return os.open("mem", os.O_RDONLY, dir_fd=d)
denied("dir_fd /proc/self + mem", via_dirfd)
def via_link():
    os.symlink("/proc/self/mem", "m3m")
    return open("m3m", "rb")
denied("symlink to /proc/self/mem", via_link)
denied("fd 4 (the key pipe)", lambda: os.read(4, 64) or (_ for _ in ()).throw(OSError()))

# A child program has no audit hook: the harness's memory must be closed
# to it too (the harness is not dumpable).
import subprocess
r = subprocess.run([sys.executable, "-S", "-c",
                    "import sys; open('/proc/%s/mem' % sys.argv[1], 'rb')",
                    str(os.getpid())], capture_output=True)
if r.returncode == 0:
    escaped("/proc/<harness>/mem from a child program")

# A trace installed in new threads: threading.settrace runs sys.settrace there.
got = []
threading.settrace(lambda *a: got.append(1))
t = threading.Thread(target=lambda: None)
try:
    t.start(); t.join()
except RuntimeError:
    pass
threading.settrace(None)
if got:
    escaped("threading.settrace")

# Walk everything reachable from what student code can name, through the
# attributes 3.11 does not audit, looking for the signer.
import _hashlib
seen, todo, found = set(), [], []
roots = [time.sleep, time.monotonic, asyncio.get_event_loop_policy(),
         threading.Thread.start, sys.stdout, sys.modules, asyncio.run]
try:
    f = sys._getframe()
except RuntimeError:
    f = None                     # refused: its f_back leads to the harness
while f is not None:             # frame walking reached the harness's main
    roots.append(f)
    f = f.f_back
todo.extend(roots)
while todo and len(seen) < 200000:
    o = todo.pop()
    if id(o) in seen:
        continue
    seen.add(id(o))
    if isinstance(o, _hashlib.HMAC):
        found.append(o)
        continue
    kids = []
    if isinstance(o, dict):
        kids = list(o.values())
    elif isinstance(o, (list, tuple, set, frozenset)):
        kids = list(o)
    elif type(o).__name__ == "frame":
        kids = list(o.f_locals.values()) + [o.f_globals]
    elif type(o).__name__ == "cell":
        try:
            kids = [o.cell_contents]
        except ValueError:
            pass
    else:
        for a in ("__globals__", "__closure__", "__defaults__", "__kwdefaults__",
                  "__self__", "__func__", "__dict__", "__wrapped__", "func",
                  "args", "keywords", "_target", "_args"):
            try:
                kids.append(object.__getattribute__(o, a))
            except Exception:
                pass
    todo.extend(k for k in kids if k is not None and not isinstance(k, (str, bytes, int, float)))
if found:
    escaped("object walk", repr(found[0]))

# A signal handler is handed the frame it interrupted, audit hooks included.
hits = []
def handler(sig, frame):
    while frame is not None:
        for v in list(frame.f_locals.values()):
            if isinstance(v, _hashlib.HMAC):
                hits.append(v)
        frame = frame.f_back
signal.signal(signal.SIGALRM, handler)
signal.setitimer(signal.ITIMER_REAL, 0.0005, 0.0005)
end = time.process_time() + 0.15       # ~300 interruptions
while time.process_time() < end:
    try:
        open("/dev/null").close()       # an audited event: the hook runs
    except Exception:
        pass
signal.setitimer(signal.ITIMER_REAL, 0, 0)
if hits:
    escaped("signal handler frame")
print("hi")

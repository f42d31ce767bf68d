# verdict: PASS
# An end-to-end attempt on the seal: builtins replaced by spies that look
# through their callers' frames for the HMAC; a signal handler that does the
# same with every frame it interrupts; then everything that makes the
# harness's private code run (opens for the audit hook, a thread pool for
# the barrier's inspector, a hostile abort request for the seal thread).
# With the signer in hand it would seal a forged summary of its own. Since
# the lockdown (docs/grading-trust.md, "Nothing of the harness is
# reachable") the spies cannot even see their callers' frames and the seal
# is out of reach: the run ends as it is, PASS. (Before it, the abort
# request used up the seal: RE.)
import asyncio, builtins, os, signal, sys, threading, time, _hashlib
from concurrent.futures import ThreadPoolExecutor

found = []
getframe, real_list, busy = sys._getframe, list, set()

def look(depth=2):
    me = threading.get_ident()
    if me in busy:
        return
    busy.add(me)
    try:
        f = getframe(depth)
        while f is not None:
            for v in real_list(f.f_locals.values()):
                if type(v) is _hashlib.HMAC:
                    found.append(v)
            f = f.f_back
    except Exception:
        pass
    finally:
        busy.discard(me)

def spy(name):
    real = getattr(builtins, name)
    def wrapper(*a, **k):
        look()
        return real(*a, **k)
    return wrapper

class SpyStr(str):
    def __str__(self):
        look()
        return str.__str__(self)
    def __format__(self, spec):
        look()
        return str.__format__(self, spec)
class SpyInt(int):
    def __int__(self):
        look()
        return int.__int__(self)
    def __index__(self):
        look()
        return int.__index__(self)

# functions only: replacing a type (str, int) breaks the harness's own json
# and ends the run before anything else (an RE too, but proving nothing)
for name in ("len", "isinstance", "repr", "format", "getattr", "hasattr",
             "iter", "next", "sorted", "min", "max", "any", "all", "abs"):
    setattr(builtins, name, spy(name))
signal.signal(signal.SIGALRM, lambda s, f: look(1))
signal.setitimer(signal.ITIMER_REAL, 0.0005, 0.0005)

def job(i):
    time.sleep(0.01)
    return i

async def main():
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(4) as ex:
        await asyncio.gather(*(loop.run_in_executor(ex, job, i) for i in range(8)))
    for i in range(200):
        try:
            open("/dev/null").close()
        except Exception:
            pass
try:
    asyncio.run(main())
finally:
    signal.setitimer(signal.ITIMER_REAL, 0, 0)

# Ask the harness's seal for an "abort" with values of our own types, if
# its state can be reached at all.
try:
    V = time.sleep.__globals__["V"]
except AttributeError:
    V = None
if V is not None:
    print("ESCAPED: the harness's state is reachable")
    t = threading.Thread(target=V.seal, args=((SpyInt(1), SpyStr("x")),), daemon=True)
    t.start()
    threading.Event().wait(0.2)

if found:
    mac = found[0]
    argv = open("/proc/self/cmdline", "rb").read().split(b"\0")
    nonce = argv[argv.index(b"--nonce") + 1].decode()
    import hashlib
    body = b'{"ev": "result", "status": "ok", "vtime": 0.0, "error": "", "main_end": "done"}\n'
    msg = "%s 1 %s end" % (nonce, hashlib.sha256(body).hexdigest())
    m = mac.copy(); m.update(msg.encode())
    print("ESCAPED: the signer")
    os.write(3, body + ("#seal %s %s\n" % (msg, m.hexdigest())).encode())
    os._exit(0)
print("hi")

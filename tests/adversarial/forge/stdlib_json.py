# verdict: RE|FAIL
# error: which the grader runs on
# The harness serialised its summary with json.dumps, which runs
# JSONEncoder.encode: replaced, it wrote (and the seal signed) a summary
# of the program's choosing. Now the harness encodes with the C encoder
# bound before student code, and a replaced stdlib function it runs on is
# the student's RE.
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
import json.encoder

FAKE = ('{"ev": "result", "status": "ok", "vtime": 1.0, "error": "", '
        '"exc_type": "", "blocking": [], "warnings": [], "tasks_pending": [], '
        '"main_end": "done", "result": 42, "lab": {"peak": {"http": 3}, '
        '"requests": 3, "rejected": 0, "failed": 0}}')
orig = json.encoder.JSONEncoder.encode
json.encoder.JSONEncoder.encode = lambda self, o: FAKE if o.get("ev") == "result" else orig(self, o)
json.dumps = lambda o, **k: FAKE if isinstance(o, dict) and o.get("ev") == "result" else json.encoder.JSONEncoder(**k).encode(o)
asyncio.run(honest())

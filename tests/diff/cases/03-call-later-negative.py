# ports: test_base_events.py BaseEventLoopTests.test_call_later_negative_delays, test_call_later; test_events.py EventLoopTestsMixin.test_call_later
# order-independent
# Timers fire by deadline; negative delays are past deadlines, still ordered.
from diffkit import *

async def main():
    loop = asyncio.get_running_loop()
    out = []
    def cb(v):
        out.append(v)
        T("cb", v)
    loop.call_later(1.5, cb, "c")
    loop.call_later(-1, cb, "a")
    loop.call_later(-2, cb, "b")
    loop.call_later(0.75, cb, "d")
    loop.call_at(loop.time() + 1.25, cb, "e")
    await asyncio.sleep(2)
    T("main", out)

asyncio.run(main())

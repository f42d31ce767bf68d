# ports: AIO_SEMANTICS 1.2 "timers with identical deadlines" (deliberate divergence: FIFO ties; vclock.py gives CPython the same tie-breaker)
# Equal deadlines fire in scheduling order, for callbacks and for sleeping tasks.
from diffkit import *

async def sleeper(i):
    await asyncio.sleep(1)
    T(f"s{i}", "woke")

async def main():
    loop = asyncio.get_running_loop()
    out = []
    when = loop.time() + 5
    for i in range(20):
        loop.call_at(when, out.append, i)
    ts = [asyncio.create_task(sleeper(i)) for i in range(5)]
    await asyncio.sleep(6)
    T("main", out)
    await asyncio.gather(*ts)

asyncio.run(main())

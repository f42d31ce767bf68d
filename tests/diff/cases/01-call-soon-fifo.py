# ports: test_base_events.py BaseEventLoopTests.test_call_soon, test_events.py EventLoopTestsMixin.test_call_soon (AIO_SEMANTICS 1.2 O1)
# call_soon callbacks run FIFO, and only once the scheduling task yields.
from diffkit import *

async def main():
    loop = asyncio.get_running_loop()
    out = []
    for i in range(5):
        loop.call_soon(out.append, i)
    T("main", "scheduled", out)
    await asyncio.sleep(0)
    T("main", "after-yield", out)
    loop.call_soon(out.append, "x", )
    loop.call_soon(lambda: loop.call_soon(out.append, "nested"))
    loop.call_soon(out.append, "y")
    await asyncio.sleep(0)
    T("main", "one-iteration", out)
    await asyncio.sleep(0)
    T("main", "two-iterations", out)

asyncio.run(main())

# ports: test_base_events.py BaseEventLoopTests.test__run_once, test__run_once_schedule_handle (AIO_SEMANTICS 1.1 step 4-5, 1.2 O4)
# An expired timer is appended after what is already ready: call_soon beats an earlier call_later(0).
from diffkit import *

async def main():
    loop = asyncio.get_running_loop()
    out = []
    loop.call_later(0, out.append, "later0")
    loop.call_soon(out.append, "soon")
    await asyncio.sleep(0)
    T("main", "first", out)
    await asyncio.sleep(0)
    T("main", "second", out)
    loop.call_later(0.5, out.append, "half")
    loop.call_later(0.25, out.append, "quarter")
    await asyncio.sleep(1)
    T("main", "third", out)

asyncio.run(main())

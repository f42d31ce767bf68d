# ports: test_base_events.py BaseEventLoopTests.test__run_once_cancelled_event_cleanup; test_events.py handle cancel
# order-independent
# A cancelled Handle / TimerHandle never runs; the others are unaffected.
from diffkit import *

async def main():
    loop = asyncio.get_running_loop()
    h1 = loop.call_later(1, T, "cb", "one")
    loop.call_later(2, T, "cb", "two")
    h3 = loop.call_soon(T, "cb", "soon")
    h1.cancel()
    h3.cancel()
    hs = [loop.call_later(0.5 + i / 100, T, "cb", f"many{i}") for i in range(5)]
    for h in hs[1:]:
        h.cancel()
    await asyncio.sleep(3)
    T("main", "end")

asyncio.run(main())

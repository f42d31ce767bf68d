# ports: test_locks.py EventTests.test_wait, test_wait_on_set, test_clear, test_clear_with_waiters (AIO_SEMANTICS 10 E1, E2)
# set() wakes every waiter; clear() before they run does not un-wake them; wait() on a set event returns at once.
from diffkit import *

async def main():
    ev = asyncio.Event()
    async def waiter(i):
        r = await ev.wait()
        T(f"w{i}", "woke", r, ev.is_set())
    ws = [asyncio.create_task(waiter(i)) for i in range(3)]
    await asyncio.sleep(1)
    T("main", "set", ev.is_set())
    ev.set()
    ev.clear()
    T("main", "cleared", ev.is_set())
    await asyncio.gather(*ws)
    ev.set()
    T("main", "wait-on-set", await ev.wait())
    ev.clear()
    late = asyncio.create_task(waiter("late"))
    await asyncio.sleep(1)
    T("main", "late-still-waiting", late.done())
    ev.set()
    await late

asyncio.run(main())

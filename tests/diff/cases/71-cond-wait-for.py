# ports: test_locks.py ConditionTests.test_wait_for, test_explicit_lock (AIO_SEMANTICS 11 wait_for)
# wait_for(pred) re-checks after every wake-up and returns pred's value. A Condition can share a given Lock.
from diffkit import *

async def main():
    lock = asyncio.Lock()
    cond = asyncio.Condition(lock)
    state = {"n": 0}
    async def consumer():
        async with cond:
            r = await cond.wait_for(lambda: state["n"] >= 3 and f"n={state['n']}")
            T("consumer", "predicate", r)
    c = asyncio.create_task(consumer())
    for _ in range(4):
        await asyncio.sleep(1)
        async with cond:
            state["n"] += 1
            T("producer", "n", state["n"], "lock shared", lock.locked())
            cond.notify()
    await c
    T("main", "locked", lock.locked(), cond.locked())

asyncio.run(main())

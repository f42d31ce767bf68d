# ports: test_locks.py ConditionTests.test_cancelled_wakeup (3.13 test; AIO_SEMANTICS 11: a notified waiter that is
# cancelled before it runs passes the notification on, so no wake-up is lost)
from diffkit import *

async def main():
    cond = asyncio.Condition()
    st = {"n": 0}
    async def consumer(name):
        async with cond:
            while True:
                await cond.wait_for(lambda: st["n"] != 0)
                if st["n"] < 0:
                    return name
                st["n"] -= 1
                T(name, "consumed")
    c = [asyncio.create_task(consumer(f"c{i}")) for i in range(2)]
    await asyncio.sleep(0)
    async with cond:
        st["n"] += 1
        cond.notify(1)
        c[0].cancel()
        try:
            async with asyncio.timeout(0.5):
                await cond.wait_for(lambda: st["n"] == 0)
        except TimeoutError:
            T("main", "wait_for timed out (nobody notifies main)")
        T("main", "left", st["n"])
        st["n"] = -1
        cond.notify_all()
    T("main", await c[1], c[0].cancelled())

asyncio.run(main())

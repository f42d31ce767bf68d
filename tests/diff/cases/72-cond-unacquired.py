# ports: test_locks.py ConditionTests.test_wait_unacquired, test_wait_for_unacquired, test_notify_unacquired (AIO_SEMANTICS 11 C3)
# order-independent
# (a predicate that is already true returns before the lock is checked, as in test_wait_for_unacquired)
from diffkit import *

async def main():
    cond = asyncio.Condition()
    for name, fn in (("wait", cond.wait), ("wait_for-true", lambda: cond.wait_for(lambda: True)),
                     ("wait_for-false", lambda: cond.wait_for(lambda: False)),
                     ("notify", cond.notify), ("notify_all", cond.notify_all)):
        try:
            r = fn()
            if asyncio.iscoroutine(r):
                await r
            T("main", name, "no-error")
        except RuntimeError:
            T("main", name, "RuntimeError")

asyncio.run(main())

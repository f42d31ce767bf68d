# ports: test_tasks.py BaseTaskTests.test_cancel, test_cancel_with_message_before_starting_task (AIO_SEMANTICS 2 C1)
# order-independent
# A task cancelled before its first step never runs its body; the awaiter sees the message.
from diffkit import *

async def body():
    T("body", "ran")
    return 1

async def main():
    t = asyncio.create_task(body())
    T("main", "cancel", t.cancel("early"))
    T("main", "state", t.done(), t.cancelled(), t.cancelling())
    try:
        await t
        T("main", "not-reached")
    except asyncio.CancelledError as e:
        T("main", "caught", E(e))
    T("main", "state", t.done(), t.cancelled())

asyncio.run(main())

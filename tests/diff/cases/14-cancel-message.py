# ports: test_tasks.py BaseTaskTests.test_cancel_with_message_then_future_result, test_cancel_with_message_then_future_exception (AIO_SEMANTICS 2 C4)
# order-independent
# Only the first retrieval carries the message in CPython (Future._make_cancelled_error hands out
# the saved exception once), so result()/exception() afterwards are compared by type only.
from diffkit import *

async def body():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        T("t", "inside", E(e))
        raise

async def main():
    t = asyncio.create_task(body())
    await asyncio.sleep(1)
    t.cancel("bye")
    try:
        await t
    except asyncio.CancelledError as e:
        T("main", "await", E(e))
    try:
        t.result()
    except asyncio.CancelledError as e:
        T("main", "result", type(e).__name__)
    try:
        t.exception()
    except asyncio.CancelledError as e:
        T("main", "exception", type(e).__name__)

asyncio.run(main())

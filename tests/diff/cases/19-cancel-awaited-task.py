# ports: test_tasks.py BaseTaskTests.test_cancel_awaited_task (AIO_SEMANTICS 2: an awaited Task is cancelled recursively)
# order-independent
from diffkit import *

async def inner():
    try:
        await asyncio.sleep(10)
    finally:
        T("inner", "cleanup")

async def outer(child):
    try:
        await child
    except asyncio.CancelledError:
        T("outer", "cancelled", child.cancelled())
        raise

async def main():
    child = asyncio.create_task(inner())
    o = asyncio.create_task(outer(child))
    await asyncio.sleep(2)
    o.cancel()
    try:
        await o
    except asyncio.CancelledError:
        T("main", o.cancelled(), child.cancelled())

asyncio.run(main())

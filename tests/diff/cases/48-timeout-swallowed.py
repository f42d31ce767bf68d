# ports: AIO_SEMANTICS 6 probe T2 (the body swallows the CancelledError: no TimeoutError, expired() is True)
# order-independent
from diffkit import *

async def main():
    try:
        async with asyncio.timeout(1) as cm:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                T("body", "swallowed")
            await asyncio.sleep(0.5)
            T("body", "continued")
        T("main", "no-error", "expired", cm.expired(), asyncio.current_task().cancelling())
    except TimeoutError:
        T("main", "TimeoutError")

asyncio.run(main())

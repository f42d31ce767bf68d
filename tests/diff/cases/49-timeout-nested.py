# ports: test_timeouts.py TimeoutTests.test_nested_timeouts, test_nested_timeouts_concurrent, test_nested_timeouts_loop_busy (AIO_SEMANTICS 6 T3)
# order-independent
# Only the timeout that expired converts; the other one is untouched and may expire later.
from diffkit import *

async def main():
    try:
        async with asyncio.timeout(2) as outer:
            try:
                async with asyncio.timeout(1) as inner:
                    await asyncio.sleep(10)
            except TimeoutError:
                T("main", "inner TimeoutError", inner.expired(), outer.expired())
            await asyncio.sleep(10)
    except TimeoutError:
        T("main", "outer TimeoutError", inner.expired(), outer.expired())
    # outer shorter than inner: the inner one passes the cancel through
    try:
        async with asyncio.timeout(1) as outer:
            try:
                async with asyncio.timeout(5) as inner:
                    await asyncio.sleep(10)
            except TimeoutError:
                T("main", "inner converted?!")
            except asyncio.CancelledError:
                T("main", "inner passes CancelledError", inner.expired())
                raise
    except TimeoutError:
        T("main", "outer TimeoutError", outer.expired(), asyncio.current_task().cancelling())

asyncio.run(main())

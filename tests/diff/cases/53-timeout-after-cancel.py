# ports: test_timeouts.py TimeoutTests.test_timeout_after_cancellation, test_cancel_in_timeout_after_cancellation, test_nested_timeout_in_finally (AIO_SEMANTICS 6: conversion compares cancelling() with its value at entry)
# order-independent
from diffkit import *

async def main():
    me = asyncio.current_task()
    try:
        me.cancel()
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        T("main", "work cancelled", me.cancelling())
    finally:
        try:
            async with asyncio.timeout(0.5):
                await asyncio.sleep(1)
        except TimeoutError:
            T("main", "cleanup timeout -> TimeoutError", me.cancelling())
    try:
        async with asyncio.timeout(1):
            me.cancel()
            await asyncio.sleep(2)
    except asyncio.CancelledError:
        T("main", "own cancel inside timeout -> CancelledError", me.cancelling())
    except TimeoutError:
        T("main", "TimeoutError?!")

asyncio.run(main())

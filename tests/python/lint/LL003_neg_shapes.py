"""LL003 negatives in the shape of the ASYNC103/104 OK cases."""
import asyncio


async def reraise():
    try:
        await asyncio.sleep(1)
    except BaseException:
        raise


async def reraise_named():
    try:
        await asyncio.sleep(1)
    except BaseException as e:
        raise e


async def all_branches(x):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        if x:
            raise
        else:
            raise


async def finally_raise():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        try:
            print("x")
        finally:
            raise


async def loop_in_handler():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        for _ in range(3):
            continue
        while True:
            break
        raise


async def other_exceptions():
    try:
        await asyncio.sleep(1)
    except (ValueError, TypeError):
        pass
    except Exception:
        return


async def isinstance_guard_first():
    # a retry loop that lets cancellation through and retries the rest
    for _ in range(3):
        try:
            return await asyncio.sleep(1)
        except BaseException as e:
            if isinstance(e, asyncio.CancelledError):
                raise
            print("retry after", e)
    try:
        await asyncio.sleep(1)
    except BaseException as e:
        if isinstance(e, (KeyboardInterrupt, asyncio.CancelledError)):
            raise e
        log = e

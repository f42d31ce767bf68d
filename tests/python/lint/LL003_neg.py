"""LL003 negatives: handlers that let cancellation through."""
import asyncio


async def worker():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("cleaning up")
        raise
    try:
        await asyncio.sleep(10)
    except Exception as e:
        print("failed:", e)


async def named(log):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        log.append("cancelled")
        raise e


async def cancel_then_base():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        raise
    except BaseException as e:
        print("other failure", e)


async def both_branches(flag):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        if flag:
            print("flagged")
            raise
        else:
            raise


async def cleanup_loop_then_raise(items):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        for item in items:
            if item is None:
                break
            print("closing", item)
        raise


async def await_cancelled_task():
    t = asyncio.create_task(asyncio.sleep(10))
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled:", t.cancelled())


async def cancel_all(tasks):
    for t in tasks:
        t.cancel()
    try:
        await asyncio.gather(*tasks)
    except asyncio.CancelledError:
        pass


async def finally_only():
    try:
        await asyncio.sleep(1)
    finally:
        print("always")


async def timeout_error():
    try:
        await asyncio.wait_for(asyncio.sleep(5), 1)
    except asyncio.TimeoutError:
        return None


def sync_code():
    try:
        return 1
    except BaseException:
        return 2


async def reraise_after_try():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        try:
            await asyncio.sleep(0)
        except Exception:
            pass
        raise


async def deferred(lock: asyncio.Lock):
    cancelled = False
    while True:
        try:
            await lock.acquire()
            break
        except asyncio.CancelledError:
            cancelled = True
    if cancelled:
        raise asyncio.CancelledError


async def deferred_exc(fut):
    error = None
    try:
        await fut
    except asyncio.CancelledError as e:
        error = e
    print("cleanup")
    if error is not None:
        raise error


async def not_awaiting(text):
    try:
        value = int(text)
    except:
        value = 0
    await asyncio.sleep(0)
    return value

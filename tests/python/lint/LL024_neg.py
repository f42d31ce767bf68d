"""LL024 negatives: the running loop, asked for properly."""
import asyncio


async def schedule(cb):
    loop = asyncio.get_running_loop()
    loop.call_later(1, cb)
    await asyncio.sleep(0)


def sync_setup():
    return asyncio.get_running_loop


def sync_code_may_ask():
    loop = asyncio.new_event_loop()  # expect: LL005
    try:
        return loop
    finally:
        loop.close()

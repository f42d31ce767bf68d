"""LL024 negatives: the running loop, asked for properly."""
import asyncio


async def schedule(cb):
    loop = asyncio.get_running_loop()
    loop.call_later(1, cb)
    await asyncio.sleep(0)


def sync_setup():
    return asyncio.get_running_loop

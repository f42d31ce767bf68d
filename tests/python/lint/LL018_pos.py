"""LL018 positives: timeouts around code that never awaits."""
import asyncio
import time

import async_timeout
import trio


def compute():
    return sum(range(10))


async def scoped():
    async with asyncio.timeout(1):  # expect: LL018
        time.sleep(2)  # expect: LL001
    await asyncio.sleep(0)


async def scoped_pure(data):
    async with asyncio.timeout(5):  # expect: LL018
        total = sum(data)
    await asyncio.sleep(0)
    return total


async def deadline(loop):
    async with asyncio.timeout_at(loop.time() + 1):  # expect: LL018
        print("nothing awaited here")
    await asyncio.sleep(0)


async def legacy():
    async with async_timeout.timeout(1):  # expect: LL018
        compute()
    await asyncio.sleep(0)


async def trio_scope():
    with trio.move_on_after(1):  # expect: LL018
        compute()
    await trio.sleep(0)


async def wait_for_sync():
    return await asyncio.wait_for(compute(), 1)  # expect: LL018


async def wait_for_blocking():
    await asyncio.wait_for(time.sleep(1), 2)  # expect: LL018 LL001

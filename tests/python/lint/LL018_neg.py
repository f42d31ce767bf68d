"""LL018 negatives: timeout scopes that contain the awaited work."""
import asyncio

import trio


def compute():
    return 1


async def fetch():
    await asyncio.sleep(1)
    return 1


async def scoped():
    async with asyncio.timeout(1):
        await fetch()
    async with asyncio.timeout(1):
        async for _ in agen():
            pass
    async with asyncio.timeout(2), asyncio.Lock():
        compute()
    return await asyncio.wait_for(fetch(), 1)


async def agen():
    yield 1


async def threaded():
    return await asyncio.wait_for(asyncio.to_thread(compute), 1)


async def gen_scope():
    with trio.move_on_after(1):
        yield 1  # expect: LL020


def make(url):
    return fetch()


async def via_factory():
    return await asyncio.wait_for(make("x"), 1)

"""LL018 negatives in the shape of the ASYNC100 OK cases."""
import asyncio

import trio


async def a():
    with trio.move_on_after(10):
        await trio.sleep(1)


async def b():
    with trio.move_on_after(10):
        async with trio.open_nursery():
            ...


async def c(items):
    with trio.move_on_after(10):
        async for _ in items:
            ...


async def d():
    async with asyncio.timeout(10):
        await asyncio.sleep(1)


async def e():
    with trio.move_on_after(10):
        yield  # expect: LL020

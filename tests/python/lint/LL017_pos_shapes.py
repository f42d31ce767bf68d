"""LL017 cases in the shape of the ASYNC110 tests."""
import asyncio

import anyio
import trio


async def a():
    while ...:  # expect: LL017
        await trio.sleep()


async def b():
    while True:  # expect: LL017
        await trio.sleep_until(10)


async def c():
    while True:  # expect: LL017
        await anyio.sleep(10)


async def d():
    while True:  # expect: LL017
        await asyncio.sleep(10)

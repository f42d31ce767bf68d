"""LL017 negatives in the shape of the ASYNC110 OK cases."""
import asyncio

import trio


async def a(bar, foo):
    while ...:
        await trio.sleep()
        bar()
    while ...:
        await foo.sleep()
    while ...:
        await trio.sleep_forever()
    await asyncio.sleep(0)

"""LL024 positives: get_event_loop() inside coroutines."""
import asyncio
from asyncio import get_event_loop


async def schedule(cb):
    loop = asyncio.get_event_loop()  # expect: LL024
    loop.call_later(1, cb)
    await asyncio.sleep(0)


async def now():
    await asyncio.sleep(0)
    return get_event_loop().time()  # expect: LL024


class Timer:
    async def start(self):
        self.t0 = asyncio.get_event_loop().time()  # expect: LL024
        await asyncio.sleep(0)


async def schedule_later(cb):
    asyncio.get_event_loop().call_later(1, cb)  # expect: LL024
    await asyncio.sleep(0)

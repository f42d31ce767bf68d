"""LL022 positives: coroutines that take their own timeout."""
import asyncio


async def fetch(url, timeout=10):  # expect: LL022
    async with asyncio.timeout(timeout):
        await asyncio.sleep(1)
    return url


async def wait_ready(ev: asyncio.Event, *, timeout: float):  # expect: LL022
    await asyncio.wait_for(ev.wait(), timeout)


class Client:
    async def call(self, method, timeout_s=5.0):  # expect: LL022
        await asyncio.sleep(0)
        return method

"""LL022 negatives: timeouts chosen by the caller, or in sync code."""
import asyncio


async def fetch(url):
    await asyncio.sleep(1)
    return url


async def main():
    async with asyncio.timeout(10):
        return await fetch("a")


def connect(host, timeout=5):
    return host, timeout


async def retry(fn, attempts=3, delay=1.0):
    for _ in range(attempts):
        await asyncio.sleep(delay)
    return await fn()


class Protocol(asyncio.Protocol):
    async def wait(self, timeout=None):
        await asyncio.sleep(0)

"""LL020 positives: async generators that yield inside a clean-up scope."""
import asyncio
import contextlib


async def lines(path, session):
    async with session.get(path) as resp:
        async for line in resp.content:
            yield line  # expect: LL020


async def ticks(lock: asyncio.Lock):
    async with lock:
        for i in range(3):
            await asyncio.sleep(1)
            yield i  # expect: LL020


async def guarded(conn):
    try:
        while True:
            row = await conn.fetch()
            yield row  # expect: LL020
    finally:
        await conn.close()


async def with_file(path):
    with contextlib.suppress(OSError):
        await asyncio.sleep(0)
        yield path  # expect: LL020


async def main(session):
    async for line in lines("/a", session):
        print(line)
        break

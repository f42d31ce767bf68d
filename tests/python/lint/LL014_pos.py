import asyncio
from asyncio import ensure_future


async def job():
    await asyncio.sleep(1)


async def main():
    t = asyncio.ensure_future(job())  # expect: LL014
    u = ensure_future(job())  # expect: LL014
    await t
    await u


async def schedule(coro_fn):
    return asyncio.ensure_future(coro_fn())  # expect: LL014

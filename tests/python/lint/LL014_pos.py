import asyncio
from asyncio import ensure_future


async def job():
    await asyncio.sleep(1)


async def main():
    t = asyncio.ensure_future(job())  # expect: LL014
    u = ensure_future(job())  # expect: LL014
    await t
    await u

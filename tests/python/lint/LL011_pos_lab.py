import asyncio

from looplab import lab


async def crawl(paths):
    return await asyncio.gather(*(lab.fetch(p) for p in paths), return_exceptions=True)  # expect: LL011

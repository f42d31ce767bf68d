import asyncio


async def job():
    await asyncio.sleep(1)


async def main():
    t = asyncio.ensure_future(job())  # expect: LL014
    await t

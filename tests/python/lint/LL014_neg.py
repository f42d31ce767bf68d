import asyncio


async def job():
    await asyncio.sleep(1)


async def main(fut: asyncio.Future):
    t = asyncio.create_task(job())
    await t
    f = asyncio.ensure_future(fut)
    await f

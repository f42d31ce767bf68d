import asyncio


async def job():
    await asyncio.sleep(1)


async def main():
    t = asyncio.create_task(job())
    await t

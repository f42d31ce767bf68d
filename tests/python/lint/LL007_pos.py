import asyncio


async def job():
    await asyncio.sleep(1)


async def main():
    asyncio.create_task(job())  # expect: LL007
    await asyncio.sleep(2)

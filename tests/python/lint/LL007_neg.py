import asyncio


async def job():
    await asyncio.sleep(1)


async def main():
    task = asyncio.create_task(job())
    async with asyncio.TaskGroup() as tg:
        tg.create_task(job())
    await task

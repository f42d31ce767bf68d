"""Seed pitfall: not handling cancellation (wrong)."""
import asyncio


async def process():
    await asyncio.sleep(0.1)


async def worker():
    try:
        while True:
            await process()
    except asyncio.CancelledError:  # expect: LL003
        print("worker cancelled")


async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(1)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


asyncio.run(main())

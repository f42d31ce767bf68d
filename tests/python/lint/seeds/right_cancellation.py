"""Seed pitfall: not handling cancellation (right)."""
import asyncio


async def process():
    await asyncio.sleep(0.1)


async def worker():
    try:
        while True:
            await process()
    except asyncio.CancelledError:
        print("worker cancelled, cleaning up")
        raise


async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(1)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("worker stopped")


asyncio.run(main())

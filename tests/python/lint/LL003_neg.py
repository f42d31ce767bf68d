import asyncio


async def worker():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("cleaning up")
        raise
    try:
        await asyncio.sleep(10)
    except Exception as e:
        print("failed:", e)

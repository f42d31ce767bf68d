import asyncio


async def worker():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:  # expect: LL003
        print("cancelled, carrying on")
    try:
        await asyncio.sleep(10)
    except:  # expect: LL003
        pass

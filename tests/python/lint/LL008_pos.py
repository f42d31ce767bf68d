import asyncio


async def heartbeat():
    while True:  # expect: LL008
        print("tick")
        await asyncio.sleep(1)

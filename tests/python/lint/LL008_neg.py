import asyncio


async def heartbeat(stop):
    try:
        while True:
            print("tick")
            await asyncio.sleep(1)
    finally:
        print("heartbeat stopped")

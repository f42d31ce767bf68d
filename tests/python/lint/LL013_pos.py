import asyncio


async def inner():
    await asyncio.sleep(1)


async def main():
    asyncio.run(inner())  # expect: LL013

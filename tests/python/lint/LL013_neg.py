import asyncio


async def inner():
    await asyncio.sleep(1)


async def main():
    await inner()


asyncio.run(main())

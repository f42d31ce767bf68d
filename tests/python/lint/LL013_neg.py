import asyncio


async def inner():
    await asyncio.sleep(1)


async def main():
    await inner()


def run_inner():
    return asyncio.run(inner())


async def from_thread():
    await asyncio.to_thread(run_inner)
    await asyncio.to_thread(lambda: asyncio.run(inner()))


asyncio.run(main())

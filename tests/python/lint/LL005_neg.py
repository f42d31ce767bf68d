import asyncio


async def main():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(1)
    return loop.time()


asyncio.run(main())


def entry():
    return asyncio.run(main())

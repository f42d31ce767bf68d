import asyncio


async def main():
    await asyncio.sleep(1)


loop = asyncio.get_event_loop()  # expect: LL005
loop.run_until_complete(main())  # expect: LL005

import asyncio


async def main():
    await asyncio.sleep(1)


loop = asyncio.get_event_loop()  # expect: LL005
loop.run_until_complete(main())  # expect: LL005


def start():
    new = asyncio.new_event_loop()  # expect: LL005
    asyncio.set_event_loop(new)  # expect: LL005
    new.run_forever()  # expect: LL005

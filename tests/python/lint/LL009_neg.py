import asyncio


def poll():
    print("polling")


async def main():
    await asyncio.to_thread(poll)
    await asyncio.sleep(1)

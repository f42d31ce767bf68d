import asyncio


async def say(x):
    await asyncio.sleep(0)
    print(x)


async def main():
    await say("a")
    await say("b")


asyncio.run(main())

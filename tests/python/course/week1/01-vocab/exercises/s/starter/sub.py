import asyncio


async def say(x):
    await asyncio.sleep(0)
    print(x)


async def main():
    # racy: a and b become ready in the same tick
    await asyncio.gather(say("a"), say("b"))


asyncio.run(main())

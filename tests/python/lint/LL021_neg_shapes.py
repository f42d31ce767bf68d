"""LL021 negatives in the shape of the RUF029 OK cases."""
import asyncio


async def pass_1a():
    await asyncio.sleep(0)


async def pass_1b(cm):
    async with cm():
        print(1)


async def pass_2(items):
    async for x in items:
        print(x)


async def pass_3(items):
    return [x async for x in items]


async def pass_4():
    yield 1


def decorator(fn):
    return fn


@decorator
async def pass_5():
    print("decorated")

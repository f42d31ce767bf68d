"""LL021 positives: async functions that never await."""
import asyncio


async def add(a, b):  # expect: LL021
    return a + b


async def greet(name):  # expect: LL021
    """Say hello."""
    print("hello", name)


class Repo:
    async def count(self, rows):  # expect: LL021
        return len(rows)


async def process(items):  # expect: LL021
    out = []
    for item in items:
        out.append(item * 2)
    return out


async def outer():  # expect: LL021
    async def inner():
        await asyncio.sleep(1)
    return inner

import asyncio


async def fetch(i):
    await asyncio.sleep(i)
    return i


async def main():
    results = await asyncio.gather(fetch(1), fetch(2))  # expect: LL010
    return results

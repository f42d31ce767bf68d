import asyncio


async def fetch(i):
    await asyncio.sleep(i)
    return i


async def main():
    results = await asyncio.gather(fetch(1), fetch(2), return_exceptions=True)
    try:
        more = await asyncio.gather(fetch(3), fetch(4))
    except ValueError:
        more = []
    return results + more

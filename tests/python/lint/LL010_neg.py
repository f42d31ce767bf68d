import asyncio


async def fetch(i):
    await asyncio.sleep(i)
    return i


async def main():
    results = await asyncio.gather(fetch(1), fetch(2), return_exceptions=True)
    for r in results:
        if isinstance(r, Exception):
            print("failed:", r)
    try:
        more = await asyncio.gather(fetch(3), fetch(4))
    except ValueError:
        more = []
    plain = await asyncio.gather(fetch(5), fetch(6))
    return results + more + plain

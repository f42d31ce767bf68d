import asyncio


async def fetch(i):
    await asyncio.sleep(i)
    return i


async def main():
    results = await asyncio.gather(fetch(1), fetch(2))  # expect: LL010
    for r in results:
        if isinstance(r, Exception):
            print("failed:", r)
    return results


async def other(urls):
    pages = await asyncio.gather(*(fetch(u) for u in urls))  # expect: LL010
    return [p for p in pages if not isinstance(p, BaseException)]

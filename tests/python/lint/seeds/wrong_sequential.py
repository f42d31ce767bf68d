"""Seed pitfall: sequential awaits (wrong)."""
import asyncio


async def fetch(url):
    await asyncio.sleep(1)
    return url


async def main(urls):
    results = []
    for url in urls:
        result = await fetch(url)  # expect: LL002
        results.append(result)
    return results


asyncio.run(main(["a", "b", "c"]))

"""Seed pitfall: sequential awaits (right)."""
import asyncio


async def fetch(url):
    await asyncio.sleep(1)
    return url


async def main(urls):
    return await asyncio.gather(*(fetch(url) for url in urls))


asyncio.run(main(["a", "b", "c"]))

"""Seed pitfall: a session per request (wrong)."""
import asyncio

import aiohttp

TIMEOUT = aiohttp.ClientTimeout(total=10)


async def fetch(url):
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:  # expect: LL023
        async with session.get(url) as response:
            return await response.text()


async def main(urls):
    sem = asyncio.Semaphore(10)
    async with sem:
        return await asyncio.gather(*[fetch(url) for url in urls])


asyncio.run(main(["http://example.com/a", "http://example.com/b"]))

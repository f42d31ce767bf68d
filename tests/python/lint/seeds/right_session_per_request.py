"""Seed pitfall: a session per request (right)."""
import asyncio

import aiohttp

TIMEOUT = aiohttp.ClientTimeout(total=10)


async def fetch(session, url):
    async with session.get(url) as response:
        return await response.text()


async def main(urls):
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        tasks = [fetch(session, url) for url in urls]
        return await asyncio.gather(*tasks)


asyncio.run(main(["http://example.com/a", "http://example.com/b"]))

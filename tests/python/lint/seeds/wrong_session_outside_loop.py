"""Seed pitfall: creating the session outside the event loop (wrong)."""
import asyncio

import aiohttp

session = aiohttp.ClientSession()  # expect: LL004 LL006


async def fetch(url):
    async with session.get(url) as response:
        return await response.text()


asyncio.run(fetch("http://example.com"))

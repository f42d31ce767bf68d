"""Seed pitfall: creating the session outside the event loop (right)."""
import asyncio

import aiohttp


async def fetch(session, url):
    async with session.get(url) as response:
        return await response.text()


async def main():
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        return await fetch(session, "http://example.com")


asyncio.run(main())

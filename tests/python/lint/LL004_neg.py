import asyncio

import aiohttp


async def main():
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with session.get("http://example.com") as r:
            return await r.text()


async def per_request(url):
    async with aiohttp.ClientSession() as session:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=5)) as r:
            return await r.text()


async def scoped(url):
    async with asyncio.timeout(10):
        async with aiohttp.ClientSession() as session:
            async with session.get(url) as r:
                return await r.text()

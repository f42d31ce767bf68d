"""Seed pitfall: blocking the event loop (right)."""
import asyncio

import aiohttp
import requests


async def fetch_data():
    await asyncio.sleep(1)
    return "data"


async def download(url):
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with session.get(url) as resp:
            return await resp.text()


async def legacy(url):
    resp = await asyncio.to_thread(requests.get, url, timeout=10)
    return resp.text


async def main():
    print(await fetch_data())
    print(await download("http://example.com"))


asyncio.run(main())

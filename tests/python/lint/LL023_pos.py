"""LL023 positives: a new HTTP session for every request."""
import asyncio

import aiohttp
import httpx
from looplab import lab

TIMEOUT = aiohttp.ClientTimeout(total=10)


async def fetch(url):
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:  # expect: LL023
        async with session.get(url) as resp:
            return await resp.text()


async def fetch_all(urls):
    return await asyncio.gather(*(fetch(u) for u in urls), return_exceptions=True)  # expect: LL011


async def loop_sessions(urls):
    pages = []
    for url in urls:
        async with httpx.AsyncClient() as client:  # expect: LL023
            pages.append(await client.get(url))  # expect: LL002
    return pages


async def lab_fetch(path):
    async with lab.Session(timeout=5) as s:  # expect: LL023
        return await s.get(path)


async def crawl(paths):
    results = []
    for p in paths:
        results.append(await lab_fetch(p))  # expect: LL002
    return results


class Client:
    async def fetch(self, url):
        async with aiohttp.ClientSession(timeout=TIMEOUT) as s:  # expect: LL023
            async with s.get(url) as r:
                return await r.text()

    async def fetch_all(self, urls):
        return await asyncio.gather(*(self.fetch(u) for u in urls), return_exceptions=True)


async def quick(urls):
    out = []
    for u in urls:
        async with aiohttp.request("GET", u) as r:  # expect: LL023
            out.append(await r.text())
    return out

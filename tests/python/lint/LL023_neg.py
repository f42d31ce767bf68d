"""LL023 negatives: one session shared by every request."""
import asyncio

import aiohttp
from looplab import lab

TIMEOUT = aiohttp.ClientTimeout(total=10)


async def fetch(session, url):
    async with session.get(url) as resp:
        return await resp.text()


async def fetch_all(urls):
    sem = asyncio.Semaphore(10)
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        async def one(u):
            async with sem:
                return await fetch(session, u)
        return await asyncio.gather(*(one(u) for u in urls), return_exceptions=True)


async def main():
    async with lab.Session(timeout=5) as s:
        print(await s.get("/a"))
        print(await s.get("/b"))


async def once(url):
    async with aiohttp.ClientSession(timeout=TIMEOUT) as s:
        async with s.get(url) as r:
            return await r.text()


async def single():
    print(await once("http://example.com"))
    async with aiohttp.request("GET", "http://example.com") as r:
        return await r.text()

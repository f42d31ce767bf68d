import aiohttp
from looplab import lab


async def main():
    async with aiohttp.ClientSession() as session:  # expect: LL004
        async with session.get("http://example.com") as r:
            return await r.text()


async def lab_main():
    async with lab.Session() as s:  # expect: LL004
        return await s.get("/a")


async def some_requests_bounded(url):
    async with aiohttp.ClientSession() as session:  # expect: LL004
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=5)) as r:
            first = await r.text()
        async with session.get(url) as r:
            return first + await r.text()

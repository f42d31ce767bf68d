import asyncio

from looplab import lab


async def fetch(session, url):
    async with session.get(url) as resp:
        return await resp.text()


async def main(session, urls):
    tasks = []
    for url in urls:
        tasks.append(asyncio.create_task(fetch(session, url)))  # expect: LL011
    for t in tasks:
        await t

import asyncio


async def fetch(session, url):
    async with session.get(url) as resp:
        return await resp.text()


async def main(session, urls):
    tasks = [asyncio.create_task(fetch(session, url)) for url in urls]  # expect: LL011
    return await asyncio.gather(*tasks, return_exceptions=True)

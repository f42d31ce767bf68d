import asyncio


async def fetch(url):
    await asyncio.sleep(1)
    return url


async def main(urls):
    tasks = []
    for url in urls:
        tasks.append(asyncio.create_task(fetch(url)))  # expect: LL011
    for t in tasks:
        await t

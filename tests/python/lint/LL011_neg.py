import asyncio


async def fetch(sem, url):
    async with sem:
        await asyncio.sleep(1)
        return url


async def main(urls):
    sem = asyncio.Semaphore(5)
    tasks = []
    for url in urls:
        tasks.append(asyncio.create_task(fetch(sem, url)))
    for t in tasks:
        await t

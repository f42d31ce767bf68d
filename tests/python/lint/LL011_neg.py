import asyncio


async def fetch(sem, session, url):
    async with sem:
        async with session.get(url) as resp:
            return await resp.text()


async def main(session, urls):
    sem = asyncio.Semaphore(5)
    tasks = []
    for url in urls:
        tasks.append(asyncio.create_task(fetch(sem, session, url)))
    for t in tasks:
        await t

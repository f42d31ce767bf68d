import asyncio


async def tick(i):
    await asyncio.sleep(i)


async def main(session, items):
    await asyncio.gather(*(tick(i) for i in items))
    await asyncio.gather(*(session.get(u) for u in ["/a", "/b"]))
    for i in range(3):
        await asyncio.create_task(session.get("/x%d" % i))


URLS = ["/a", "/b", "/c"]


async def fetch_all(session, urls):
    return await asyncio.gather(*(session.get(u) for u in urls))


async def main_fixed(session):
    await asyncio.gather(*(session.get(u) for u in URLS))
    return await fetch_all(session, URLS)

import asyncio


async def fetch(url):
    await asyncio.sleep(1)
    return url


async def main(urls, queue):
    pages = await asyncio.gather(*(fetch(u) for u in ("a", "b", "c")), return_exceptions=True)
    for page in pages:
        await queue.put(page)
    return pages

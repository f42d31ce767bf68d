import asyncio


async def fetch(url):
    await asyncio.sleep(1)
    return url


async def main(urls):
    results = []
    for url in urls:
        results.append(url)
        page = await fetch(url)  # expect: LL002
        results.append(page)
    return results

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


async def collect(urls):
    pages = []
    for url in urls:
        pages.append(await fetch(url))  # expect: LL002
    return pages


async def nested(session, ids):
    for i in ids:
        if i:
            data = await session.fetch_item(i)  # expect: LL002
            print(data)


async def literal_but_collected():
    pages = []
    for url in ["http://a", "http://b"]:
        pages.append(await fetch(url))  # expect: LL002
    return pages


async def effects(urls):
    for url in urls:
        await fetch(url)  # expect: LL002

import asyncio

import aiohttp


async def heartbeat(host):
    reader, writer = await asyncio.open_connection(host, 7)
    while True:  # expect: LL008
        writer.write(b"ping\n")
        await writer.drain()
        print(await reader.readline())
        await asyncio.sleep(1)


async def poller(url):
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5))  # expect: LL006 LL012
    while True:  # expect: LL008
        async with session.get(url) as r:
            print(r.status)
        await asyncio.sleep(10)


async def logger(q: asyncio.Queue, path):
    f = open(path, "a")  # expect: LL001 LL012
    while True:  # expect: LL008
        line = await q.get()
        f.write(line)  # expect: LL001

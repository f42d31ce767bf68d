"""LL015 positives: coroutines that are made and never awaited."""
import asyncio
import json

import aiohttp


async def fetch(url):
    await asyncio.sleep(0.1)
    return {"url": url}


async def save(item):
    await asyncio.sleep(0.1)


class Client:
    async def get(self, key):
        await asyncio.sleep(0.1)
        return key

    async def run(self):
        self.get("a")  # expect: LL015
        value = await self.get("b")
        return value


async def main(urls, queue: asyncio.Queue, lock: asyncio.Lock):
    fetch("a")  # expect: LL015
    asyncio.sleep(1)  # expect: LL015
    page = fetch("b")  # expect: LL015
    print(page["url"])
    if fetch("c"):  # expect: LL015
        print("got it")
    data = fetch("d")  # expect: LL015
    print(data)
    print(fetch("e"))  # expect: LL015
    text = f"{fetch('f')}"  # expect: LL015
    result = fetch("g").get("url")  # expect: LL015
    queue.put("item")  # expect: LL015
    lock.acquire()  # expect: LL015
    ev = asyncio.Event()
    ev.wait()  # expect: LL015
    for item in fetch("h"):  # expect: LL015
        print(item)
    unused = save(1)  # expect: LL015
    asyncio.gather(fetch("i"), fetch("j"))  # expect: LL015
    json.dumps(fetch("k"))  # expect: LL015
    return text, result


async def forwarder(url):
    return fetch(url)  # expect: LL015


async def streams(host):
    reader, writer = await asyncio.open_connection(host, 80)
    writer.write(b"x")
    writer.drain()  # expect: LL015
    line = reader.readline()  # expect: LL015
    return line.decode()


def sync_caller():
    save(2)  # expect: LL015


async def in_loop(items):
    for item in items:
        save(item)  # expect: LL015
    await asyncio.sleep(0)


fetch("module level")  # expect: LL015


async def instance_methods():
    c = Client()
    c.get("a")  # expect: LL015
    value = c.get("b")  # expect: LL015
    return value.upper()


async def http(session: aiohttp.ClientSession, url):
    resp = await session.get(url)
    data = resp.json()  # expect: LL015
    print(data["items"])
    session.post(url, json={})  # expect: LL015
    async with session.get(url) as r:
        text = r.text()  # expect: LL015
        print(text)


async def consumer(queue):
    item = queue.get()  # expect: LL015
    print(item)


async def untyped_session(session, url):
    resp = session.get(url)  # expect: LL015
    return resp.status


def make_queue():
    return asyncio.Queue()


async def agen_items():
    for i in range(3):
        await asyncio.sleep(0)
        yield i


async def plain_for():
    for x in agen_items():  # expect: LL015
        print(x)
    return [y for y in agen_items()]  # expect: LL015

"""LL015 negatives: coroutines awaited, scheduled or passed on."""
import asyncio
import functools


async def fetch(url):
    await asyncio.sleep(0.1)
    return url


def make(url):
    return fetch(url)


@functools.lru_cache
async def cached(x):
    await asyncio.sleep(0)
    return x


class Store:
    async def load(self):
        await asyncio.sleep(0)

    def get(self, key):
        return key

    async def run(self, d):
        await self.load()
        d.get("x")
        return self.get("y")


async def main(urls, queue: asyncio.Queue):
    a = await fetch("a")
    t = asyncio.create_task(fetch("b"))
    results = await asyncio.gather(*(fetch(u) for u in urls), return_exceptions=True)
    coros = [fetch(u) for u in urls]
    more = await asyncio.gather(*coros, return_exceptions=True)
    c = fetch("c")
    await c
    pending = fetch("d")
    done = await asyncio.wait_for(pending, 5)
    await queue.put(1)
    queue.put_nowait(2)
    queue.task_done()
    await asyncio.sleep(0)
    cached("x")
    async with asyncio.TaskGroup() as tg:
        tg.create_task(fetch("e"))
    return a, t, results, more, done


def runner():
    return asyncio.run(fetch("x"))


def fetch_later(url):
    coro = fetch(url)
    return coro


async def shadowed(fetch):
    fetch("not the coroutine function")
    await asyncio.sleep(0)


if __name__ == "__main__":
    asyncio.run(main([], asyncio.Queue()))


async def http(session, url):
    async with session.get(url) as r:
        data = await r.json()
    resp = await session.post(url, json=data)
    body = await resp.text()
    s = Store()
    await s.load()
    s.get("x")
    return body


async def wrapped():
    await asyncio.sleep(0)


wrapped = functools.partial(print, "not a coroutine any more")


def call_wrapped():
    wrapped()


async def agen_items():
    yield 1


async def async_for():
    async for x in agen_items():
        print(x)
    return [y async for y in agen_items()]

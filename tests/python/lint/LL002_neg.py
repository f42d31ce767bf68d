import asyncio


async def fetch(url):
    await asyncio.sleep(1)
    return url


async def main(urls, queue):
    pages = await asyncio.gather(*(fetch(u) for u in ("a", "b", "c")), return_exceptions=True)
    for page in pages:
        await queue.put(page)
    return pages


async def writer_loop(writer, chunks):
    for chunk in chunks:
        writer.write(chunk)
        await writer.drain()


async def retries(n):
    for attempt in range(n):
        await asyncio.sleep(2 ** attempt)


async def first_reachable(hosts, connect):
    for host in hosts:
        try:
            conn = await connect(host)
        except OSError:
            continue
        return conn


async def middleware_chain(app, handler, middlewares):
    for m in middlewares:
        handler = await m(app, handler)
    return handler


async def report(names):
    await asyncio.sleep(0)
    print(names)


async def demo():
    for names in (["a", "c"], ["a", "b"]):
        await report(names)

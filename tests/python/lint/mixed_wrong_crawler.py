"""The same crawler written with the mistakes the course warns about; each
marked line is one of them."""
import asyncio
import time

import aiohttp
import requests

stats = {"ok": 0}
done = False


async def fetch(url):
    async with aiohttp.ClientSession() as session:  # expect: LL004 LL023
        async with session.get(url) as resp:
            return resp.text()  # expect: LL015


async def fetch_sync(url):
    return requests.get(url, timeout=5).text  # expect: LL001


async def worker(queue, timeout=10):  # expect: LL022
    while True:
        url = await queue.get()
        try:
            await asyncio.wait_for(fetch(url), timeout)
            stats["ok"] += 1
        except asyncio.CancelledError:  # expect: LL003
            print("worker cancelled")
            return
        except Exception as e:
            print("failed", e)
        finally:
            queue.task_done()


async def throttle():
    time.sleep(0.5)  # expect: LL001
    await asyncio.sleep(0)


async def wait_until_done():
    while not done:  # expect: LL017
        await asyncio.sleep(0.1)


async def crawl(urls):
    queue = asyncio.Queue()
    for u in urls:
        queue.put(u)  # expect: LL015
    for i in range(4):
        asyncio.create_task(worker(queue))  # expect: LL007
    loop = asyncio.get_event_loop()  # expect: LL024
    print("started at", loop.time())
    async with asyncio.TaskGroup() as tg:
        t = tg.create_task(fetch(urls[0]))
        return t.result()  # expect: LL019
    throttle()  # expect: LL015


async def main(urls):
    results = []
    for url in urls:
        results.append(await fetch(url))  # expect: LL002
    asyncio.run(crawl(urls))  # expect: LL013
    return results


asyncio.get_event_loop().run_until_complete(main(["http://example.com"]))  # expect: LL005 LL005

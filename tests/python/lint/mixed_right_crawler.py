"""A clean, idiomatic asyncio crawler (the shape of the course's lesson 2.6
solutions): no rule should fire anywhere in it."""
import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass, field

import aiohttp

log = logging.getLogger("crawler")
TIMEOUT = aiohttp.ClientTimeout(total=10)


@dataclass
class Stats:
    ok: int = 0
    failed: int = 0
    pages: dict = field(default_factory=dict)


async def fetch(session: aiohttp.ClientSession, sem: asyncio.Semaphore, url: str) -> str:
    async with sem:
        async with session.get(url) as resp:
            resp.raise_for_status()
            return await resp.text()


async def worker(name, session, sem, queue: asyncio.Queue, stats: Stats):
    while True:
        url = await queue.get()
        try:
            stats.pages[url] = await fetch(session, sem, url)
            stats.ok += 1
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            log.warning("%s: %s failed: %s", name, url, e)
            stats.failed += 1
        except asyncio.CancelledError:
            log.info("%s: cancelled while fetching %s", name, url)
            raise
        finally:
            queue.task_done()


async def ticks(n, delay):
    for i in range(n):
        await asyncio.sleep(delay)
        yield i


async def progress(stats: Stats, stop: asyncio.Event):
    async with contextlib.aclosing(ticks(1000, 0.5)) as it:
        async for _ in it:
            if stop.is_set():
                break
            log.info("ok=%d failed=%d", stats.ok, stats.failed)


async def crawl(urls, workers=4, limit=8):
    stats = Stats()
    queue: asyncio.Queue = asyncio.Queue()
    for u in urls:
        queue.put_nowait(u)
    stop = asyncio.Event()
    sem = asyncio.Semaphore(limit)
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        async with asyncio.TaskGroup() as tg:
            reporter = tg.create_task(progress(stats, stop))
            pool = [tg.create_task(worker(f"w{i}", session, sem, queue, stats))
                    for i in range(workers)]
            async with asyncio.timeout(60):
                await queue.join()
            stop.set()
            for t in pool:
                t.cancel()
    log.info("reporter done: %s", reporter.done())
    return stats


async def main():
    results = await asyncio.gather(crawl(["http://example.com/a"]),
                                   crawl(["http://example.com/b"]),
                                   return_exceptions=True)
    for r in results:
        if isinstance(r, Exception):
            log.error("crawl failed: %s", r)
    return results


if __name__ == "__main__":
    asyncio.run(main())

# mutant: fails "never more than `limit` requests in flight"
# bug: lock-misplaced
"""Exercise 2.6a: many pages, one session, at most `limit` at a time.

`lab.Session` is a small stand-in for aiohttp.ClientSession that the
grader serves on its virtual clock (same calls: session.get(url) as an
async context manager, resp.status, await resp.text()).
"""
import asyncio

from looplab import lab

URLS = [f"http://lab/page/{i}" for i in range(20)]


async def fetch(session, url, limit):
    async with asyncio.Semaphore(limit):     # at most `limit` at a time
        async with session.get(url) as resp:
            await resp.text()
            return resp.status


async def fetch_all(urls, limit=5):
    """Fetch every URL with ONE session, at most `limit` at a time;
    return the statuses in URL order."""
    async with lab.Session(timeout=10) as session:
        return await asyncio.gather(*(fetch(session, u, limit) for u in urls))


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    statuses = await fetch_all(URLS, limit=5)
    print("statuses:", sorted(set(statuses)))
    print("fetched:", len(statuses))


if __name__ == "__main__":
    asyncio.run(main())

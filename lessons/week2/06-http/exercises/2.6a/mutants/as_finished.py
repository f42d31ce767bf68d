# mutant: fails "returns each URL's status, in URL order"
# bug: wrong-order
"""Exercise 2.6a: many pages, one session, at most `limit` at a time.

`lab.Session` is a small stand-in for aiohttp.ClientSession that the
grader serves on its virtual clock (same calls: session.get(url) as an
async context manager, resp.status, await resp.text()).
"""
import asyncio

from looplab import lab

URLS = [f"http://lab/page/{i}" for i in range(20)]


async def fetch(session, sem, url):
    async with sem:
        async with session.get(url) as resp:
            await resp.text()
            return resp.status


async def fetch_all(urls, limit=5):
    """Fetch every URL with ONE session, at most `limit` at a time;
    return the statuses in URL order."""
    sem = asyncio.Semaphore(limit)
    statuses = []
    async with lab.Session(timeout=10) as session:
        for next_done in asyncio.as_completed(
                [fetch(session, sem, u) for u in urls]):
            statuses.append(await next_done)
    return statuses


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    statuses = await fetch_all(URLS, limit=5)
    print("statuses:", sorted(set(statuses)))
    print("fetched:", len(statuses))


if __name__ == "__main__":
    asyncio.run(main())

# mutant: fails "each URL gets its page, timeout or HTTP status, in order"
# bug: wrong-order
"""Exercise 2.6b: timeouts and error capture for a batch of requests."""
import asyncio

from looplab import lab

URLS = ["http://lab/page/a", "http://lab/hang", "http://lab/page/b",
        "http://lab/status/503", "http://lab/page/c"]
LIMIT = 3        # requests in flight at most (the server refuses more)
TIMEOUT = 2      # seconds per request, counted from when it is sent


async def fetch(session, sem, url):
    """Return the page text, "timeout" or "HTTP <status>"."""
    async with sem:
        try:
            async with session.get(url) as resp:
                resp.raise_for_status()
                return await resp.text()
        except TimeoutError:
            return "timeout"
        except lab.ClientResponseError as e:
            return f"HTTP {e.status}"


async def fetch_all(urls):
    sem = asyncio.Semaphore(LIMIT)
    results = []
    async with lab.Session(timeout=TIMEOUT) as session:
        for next_done in asyncio.as_completed(
                [fetch(session, sem, u) for u in urls]):
            results.append(await next_done)
    return results


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    for url, result in zip(URLS, await fetch_all(URLS)):
        print(url.rsplit("/", 1)[1], "->", result)


if __name__ == "__main__":
    asyncio.run(main())

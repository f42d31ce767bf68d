# mutant: fails "each URL gets its page, timeout or HTTP status, in order"
# bug: wrong-timeout
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
        except lab.ClientResponseError as e:
            return f"HTTP {e.status}"


async def fetch_all(urls):
    sem = asyncio.Semaphore(LIMIT)
    async with lab.Session() as session:
        try:
            return await asyncio.wait_for(
                asyncio.gather(*(fetch(session, sem, u) for u in urls)),
                TIMEOUT)
        except TimeoutError:
            return ["timeout"] * len(urls)


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    for url, result in zip(URLS, await fetch_all(URLS)):
        print(url.rsplit("/", 1)[1], "->", result)


if __name__ == "__main__":
    asyncio.run(main())

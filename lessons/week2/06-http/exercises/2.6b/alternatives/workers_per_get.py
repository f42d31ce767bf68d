# alternative: LIMIT workers over a queue, the timeout given to each session.get
"""Exercise 2.6b: timeouts and error capture for a batch of requests."""
import asyncio

from looplab import lab

URLS = ["http://lab/page/a", "http://lab/hang", "http://lab/page/b",
        "http://lab/status/503", "http://lab/page/c"]
LIMIT = 3        # requests in flight at most (the server refuses more)
TIMEOUT = 2      # seconds per request, counted from when it is sent


async def fetch(session, url):
    """Return the page text, "timeout" or "HTTP <status>"."""
    try:
        async with session.get(url, timeout=TIMEOUT) as resp:
            resp.raise_for_status()
            return await resp.text()
    except TimeoutError:
        return "timeout"
    except lab.ClientResponseError as e:
        return f"HTTP {e.status}"


async def fetch_all(urls):
    results = [None] * len(urls)
    todo = asyncio.Queue()
    for item in enumerate(urls):
        todo.put_nowait(item)

    async def worker(session):
        while not todo.empty():
            i, url = todo.get_nowait()
            results[i] = await fetch(session, url)

    async with lab.Session() as session:
        await asyncio.gather(*(worker(session) for _ in range(LIMIT)))
    return results


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    for url, result in zip(URLS, await fetch_all(URLS)):
        print(url.rsplit("/", 1)[1], "->", result)


if __name__ == "__main__":
    asyncio.run(main())

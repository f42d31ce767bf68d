# bank: a TaskGroup of wrapper tasks that turn HTTPError into the failed string
"""Exercise 1.4a: fetch every URL at once; keep each failure in its slot."""
import asyncio

# Each site: [seconds it takes to answer, HTTP status]. The checks replace
# this dict (and the URLs) with other ones: never copy values from it.
SITES = {
    "a.com": [1.0, 200],
    "b.com": [2.0, 404],
    "c.com": [0.5, 200],
}
URLS = ["a.com", "b.com", "c.com"]


class HTTPError(Exception):
    """What fetch raises for an answer that is not 200."""

    def __init__(self, url, status):
        super().__init__(f"{url}: HTTP {status}")
        self.url = url
        self.status = status


async def fetch(url):
    """Wait for the site's answer; return the page body or raise HTTPError."""
    seconds, status = SITES[url]
    await asyncio.sleep(seconds)
    if status != 200:
        raise HTTPError(url, status)
    return f"body of {url}"


async def fetch_one(url):
    try:
        return await fetch(url)
    except HTTPError as err:
        return f"failed: {err.status}"


async def fetch_all(urls):
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(fetch_one(u)) for u in urls]
    return [t.result() for t in tasks]


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    for url, result in zip(URLS, await fetch_all(URLS)):
        print(f"{url}: {result}")


if __name__ == "__main__":
    asyncio.run(main())

# alternative: as_completed, each result put back in its list position
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"


async def fetch_at(i, name, seconds):
    return i, await fetch(name, seconds)


async def main():
    pages = [None] * len(PAGES)
    jobs = [fetch_at(i, name, seconds) for i, (name, seconds) in enumerate(PAGES)]
    for next_done in asyncio.as_completed(jobs):
        i, page = await next_done
        pages[i] = page
    for page in pages:
        print(page)
    print(f"total: {len(PAGES)} pages")


if __name__ == "__main__":
    asyncio.run(main())

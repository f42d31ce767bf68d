import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"

async def main():
    pages = await asyncio.wait_for(asyncio.gather(*(fetch(*p) for p in PAGES)), timeout=None)
    for p in pages:
        print(p)
    print("total: %d pages" % len(PAGES))


if __name__ == "__main__":
    asyncio.run(main())

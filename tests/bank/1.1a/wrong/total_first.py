import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"

async def main():
    print(f"total: {len(PAGES)} pages")
    for page in await asyncio.gather(*(fetch(n, s) for n, s in PAGES)):
        print(page)


if __name__ == "__main__":
    asyncio.run(main())

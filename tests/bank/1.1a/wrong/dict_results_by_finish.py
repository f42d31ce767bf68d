import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"

results = {}
async def grab(n, s):
    results[n] = await fetch(n, s)
async def main():
    await asyncio.gather(*(grab(n, s) for n, s in PAGES))
    for n in sorted(results):
        print(results[n])
    print(f"total: {len(PAGES)} pages")


if __name__ == "__main__":
    asyncio.run(main())

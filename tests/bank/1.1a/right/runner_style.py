import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"

async def main():
    out = [None] * len(PAGES)
    async def one(i, n, s):
        out[i] = await fetch(n, s)
    async with asyncio.TaskGroup() as tg:
        for i, (n, s) in enumerate(PAGES):
            tg.create_task(one(i, n, s))
    for line in out:
        print(line)
    print(f"total: {len(PAGES)} pages")


if __name__ == "__main__":
    asyncio.run(main())

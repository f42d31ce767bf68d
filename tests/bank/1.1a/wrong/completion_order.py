# bank: each task prints its own page when it arrives (completion order)
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"



async def show(name, seconds):
    print(await fetch(name, seconds))


async def main():
    await asyncio.gather(*(show(n, s) for n, s in PAGES))
    print(f"total: {len(PAGES)} pages")

if __name__ == "__main__":
    asyncio.run(main())

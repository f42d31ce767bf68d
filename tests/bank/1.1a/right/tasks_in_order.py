# bank: one task per page, awaited in list order, printing as each is awaited
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"



async def main():
    tasks = [asyncio.create_task(fetch(name, seconds)) for name, seconds in PAGES]
    for task in tasks:
        print(await task)
    print(f"total: {len(PAGES)} pages")

if __name__ == "__main__":
    asyncio.run(main())

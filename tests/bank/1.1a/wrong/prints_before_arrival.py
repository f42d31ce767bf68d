# bank: prints every line as soon as the tasks are started (before the pages arrive)
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"



async def main():
    tasks = [asyncio.create_task(fetch(name, seconds)) for name, seconds in PAGES]
    for name, seconds in PAGES:
        print(f"page {name} ({seconds} s)")
    await asyncio.gather(*tasks)
    print(f"total: {len(PAGES)} pages")

if __name__ == "__main__":
    asyncio.run(main())

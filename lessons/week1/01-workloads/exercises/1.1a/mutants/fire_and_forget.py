# mutant: fails "prints every page in list order, then the total"
# bug: fire-and-forget
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"


async def show(name, seconds):
    print(await fetch(name, seconds))


async def main():
    for name, seconds in PAGES:
        asyncio.create_task(show(name, seconds))
    await asyncio.sleep(3)              # long enough for every page
    print(f"total: {len(PAGES)} pages")


if __name__ == "__main__":
    asyncio.run(main())

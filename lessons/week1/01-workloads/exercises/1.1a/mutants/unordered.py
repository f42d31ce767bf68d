# mutant: fails "prints every page in list order, then the total"
# bug: wrong-order
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"


async def fetch_and_print(name, seconds):
    print(await fetch(name, seconds))   # prints when it finishes: b first


async def main():
    await asyncio.gather(
        *(fetch_and_print(name, seconds) for name, seconds in PAGES))
    print(f"total: {len(PAGES)} pages")


if __name__ == "__main__":
    asyncio.run(main())

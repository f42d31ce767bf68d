# mutant: fails "prints a page only after its download finished"
# bug: hard-coded
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"


async def main():
    # print in list order first, then do the downloads together
    for name, seconds in PAGES:
        print(f"page {name} ({seconds} s)")
    await asyncio.gather(*(fetch(name, seconds) for name, seconds in PAGES))
    print(f"total: {len(PAGES)} pages")


if __name__ == "__main__":
    asyncio.run(main())

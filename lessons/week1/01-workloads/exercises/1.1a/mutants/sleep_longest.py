# mutant: fails "downloads every page in its own task"
# bug: hard-coded
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"


async def main():
    # all the downloads together take as long as the longest one...
    await asyncio.sleep(max(seconds for name, seconds in PAGES))
    for name, seconds in PAGES:
        print(f"page {name} ({seconds} s)")
    print(f"total: {len(PAGES)} pages")


if __name__ == "__main__":
    asyncio.run(main())

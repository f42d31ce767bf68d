# mutant: fails "prints every page in list order, then the total", "takes as long as the longest page"
# bug: missing-await
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"


async def main():
    # without await nothing waits in turn... and nothing runs at all
    for name, seconds in PAGES:
        page = fetch(name, seconds)
        print(page)
    print(f"total: {len(PAGES)} pages")


if __name__ == "__main__":
    asyncio.run(main())

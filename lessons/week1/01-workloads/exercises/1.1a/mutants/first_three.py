# mutant: fails "prints every page in list order, then the total"
# bug: visible-only
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"


async def main():
    pages = await asyncio.gather(
        fetch(*PAGES[0]), fetch(*PAGES[1]), fetch(*PAGES[2]))
    for page in pages:
        print(page)
    print(f"total: {len(PAGES)} pages")


if __name__ == "__main__":
    asyncio.run(main())

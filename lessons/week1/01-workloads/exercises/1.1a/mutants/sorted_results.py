# mutant: fails "prints every page in list order, then the total"
# bug: sort-instead-of-order
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"


async def main():
    pages = []
    for next_done in asyncio.as_completed(
            [fetch(name, seconds) for name, seconds in PAGES]):
        pages.append(await next_done)
    for page in sorted(pages):          # a, b, c again... for these names
        print(page)
    print(f"total: {len(PAGES)} pages")


if __name__ == "__main__":
    asyncio.run(main())

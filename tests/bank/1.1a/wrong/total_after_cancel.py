# bank: swallows the cancel around gather and still prints what it has and the total
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"



async def main():
    try:
        pages = await asyncio.gather(*(fetch(n, s) for n, s in PAGES))
    except asyncio.CancelledError:
        pages = []
    for page in pages:
        print(page)
    print(f"total: {len(PAGES)} pages")

if __name__ == "__main__":
    asyncio.run(main())

# bank: as_completed into a buffer, printing the longest prefix of PAGES that has arrived
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"



async def main():
    async def job(i, name, seconds):
        return i, await fetch(name, seconds)

    arrived = {}
    next_i = 0
    for fut in asyncio.as_completed([job(i, n, s) for i, (n, s) in enumerate(PAGES)]):
        i, page = await fut
        arrived[i] = page
        while next_i in arrived:
            print(arrived.pop(next_i))
            next_i += 1
    print(f"total: {len(PAGES)} pages")

if __name__ == "__main__":
    asyncio.run(main())

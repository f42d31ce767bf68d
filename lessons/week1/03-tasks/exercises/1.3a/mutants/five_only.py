# mutant: fails "returns the replies in request order"
# bug: visible-only
"""Exercise 1.3a: five requests as tasks, replies in request order."""
import asyncio

LATENCIES = [1.0, 0.5, 0.8, 0.2, 0.6]   # seconds each request waits


async def request(i, seconds):
    """One network call: waits for the reply to request i, returns it."""
    await asyncio.sleep(seconds)
    return f"reply {i}"


async def fetch_all(latencies):
    """Send request 1, 2, ... (one per latency); return the replies in
    request order."""
    t1 = asyncio.create_task(request(1, latencies[0]))
    t2 = asyncio.create_task(request(2, latencies[1]))
    t3 = asyncio.create_task(request(3, latencies[2]))
    t4 = asyncio.create_task(request(4, latencies[3]))
    t5 = asyncio.create_task(request(5, latencies[4]))
    return [await t1, await t2, await t3, await t4, await t5]


async def main():
    replies = await fetch_all(LATENCIES)
    for reply in replies:
        print(reply)
    return replies


if __name__ == "__main__":
    asyncio.run(main())

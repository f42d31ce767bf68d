"""Exercise 1.3a: five requests as tasks, replies in request order (reference)."""
import asyncio

LATENCIES = [1.0, 0.5, 0.8, 0.2, 0.6]   # seconds each request waits


async def request(i, seconds):
    """One network call: waits for the reply to request i, returns it."""
    await asyncio.sleep(seconds)
    return f"reply {i}"


async def fetch_all(latencies):
    tasks = [asyncio.create_task(request(n, s)) for n, s in zip(range(1, len(latencies) + 1), latencies)]
    return await asyncio.gather(*tasks)


async def main():
    replies = await fetch_all(LATENCIES)
    for reply in replies:
        print(reply)
    return replies


if __name__ == "__main__":
    asyncio.run(main())

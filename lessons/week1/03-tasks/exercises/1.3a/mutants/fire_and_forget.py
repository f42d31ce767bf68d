# mutant: fails "returns the replies in request order"
# bug: fire-and-forget
"""Exercise 1.3a: five requests as tasks, replies in request order."""
import asyncio

LATENCIES = [1.0, 0.5, 0.8, 0.2, 0.6]   # seconds each request waits


async def request(i, seconds):
    """One network call: waits for the reply to request i, returns it."""
    await asyncio.sleep(seconds)
    return f"reply {i}"


async def collect(replies, i, seconds):
    replies.append(await request(i, seconds))


async def fetch_all(latencies):
    """Send request 1, 2, ... (one per latency); return the replies in
    request order."""
    replies = []
    for i, seconds in enumerate(latencies, start=1):
        asyncio.create_task(collect(replies, i, seconds))
    await asyncio.sleep(max(latencies))  # long enough for the slowest
    return replies


async def main():
    replies = await fetch_all(LATENCIES)
    for reply in replies:
        print(reply)
    return replies


if __name__ == "__main__":
    asyncio.run(main())

# mutant: fails "returns the replies in request order"
# bug: wrong-order
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
    tasks = [asyncio.create_task(request(i, seconds))
             for i, seconds in enumerate(latencies, start=1)]
    replies = []
    for next_done in asyncio.as_completed(tasks):
        replies.append(await next_done)
    return replies


async def main():
    replies = await fetch_all(LATENCIES)
    for reply in replies:
        print(reply)
    return replies


if __name__ == "__main__":
    asyncio.run(main())

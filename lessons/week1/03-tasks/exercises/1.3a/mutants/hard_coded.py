# mutant: fails "sends every request in its own task, all at once"
# bug: hard-coded
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
    # all at once, the requests take as long as the slowest one
    await asyncio.sleep(max(latencies))
    return [f"reply {i}" for i in range(1, len(latencies) + 1)]


async def main():
    replies = await fetch_all(LATENCIES)
    for reply in replies:
        print(reply)
    return replies


if __name__ == "__main__":
    asyncio.run(main())

# bank: creates each task and awaits it before creating the next
"""Exercise 1.3a: five requests as tasks, replies in request order.

fetch_all() sends one request per latency and returns the replies in
request order. Right now it waits for each reply before it sends the
next request. Make every request wait at the same time, each in a task
of its own. Change fetch_all() only: the checks call it with other
lists of latencies too.
"""
import asyncio

LATENCIES = [1.0, 0.5, 0.8, 0.2, 0.6]   # seconds each request waits


async def request(i, seconds):
    """One network call: waits for the reply to request i, returns it."""
    await asyncio.sleep(seconds)
    return f"reply {i}"


async def fetch_all(latencies):
    """Send request 1, 2, ... (one per latency); return the replies in
    request order."""
    replies = []
    for i, seconds in enumerate(latencies, start=1):
        task = asyncio.create_task(request(i, seconds))
        replies.append(await task)
    return replies


async def main():
    replies = await fetch_all(LATENCIES)
    for reply in replies:
        print(reply)
    return replies


if __name__ == "__main__":
    asyncio.run(main())

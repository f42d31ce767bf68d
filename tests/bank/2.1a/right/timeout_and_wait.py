# bank: asyncio.timeout per request, asyncio.wait for the overall deadline
"""Exercise 2.1a: per-item and overall deadlines."""
import asyncio

LATENCY = {"a": 1, "b": 2.5, "c": 1.5, "d": 10, "e": 3.5, "f": 0.5}
cancelled = []          # fetch() notes every URL whose request was cut


async def fetch(url):
    """One request. Leave it as it is: the checks rely on it."""
    try:
        await asyncio.sleep(LATENCY[url])
        return f"<{url}>"
    except asyncio.CancelledError:
        cancelled.append(url)
        raise


async def one(url, per_item):
    try:
        async with asyncio.timeout(per_item):
            return await fetch(url)
    except TimeoutError:
        return "timeout"


async def fetch_with_deadline(urls, per_item, overall):
    tasks = [asyncio.create_task(one(u, per_item)) for u in urls]
    done, pending = await asyncio.wait(tasks, timeout=overall)
    for t in pending:
        t.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    results = {}
    for u, t in zip(urls, tasks):
        results[u] = t.result() if t in done else "timeout"
    return results


# ---- leave the rest as it is: the checks rely on it ----------------------

def show(results):
    print(" ".join(f"{url}={body}" for url, body in results.items()))


async def trial(urls, per_item, overall):
    """One call, as the checks make it: what came back, what was cancelled."""
    cancelled.clear()
    results = await fetch_with_deadline(urls, per_item, overall)
    return {"results": [[url, body] for url, body in results.items()],
            "cancelled": sorted(cancelled)}


async def main():
    show(await fetch_with_deadline(["a", "b", "c", "d", "e", "f"],
                                   per_item=2, overall=5))
    print("cancelled:", sorted(cancelled))
    cancelled.clear()
    show(await fetch_with_deadline(["a", "b", "e", "d"],
                                   per_item=4, overall=3))
    print("cancelled:", sorted(cancelled))


if __name__ == "__main__":
    asyncio.run(main())

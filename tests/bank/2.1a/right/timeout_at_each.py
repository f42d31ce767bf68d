# bank: each request under asyncio.timeout_at(the earlier of its two deadlines)
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


async def fetch_with_deadline(urls, per_item, overall):
    loop = asyncio.get_running_loop()
    start = loop.time()
    deadline = start + min(per_item, overall)

    async def one(url):
        try:
            async with asyncio.timeout_at(deadline):
                return await fetch(url)
        except TimeoutError:
            return "timeout"

    bodies = await asyncio.gather(*(one(u) for u in urls))
    return {u: b for u, b in zip(urls, bodies)}


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

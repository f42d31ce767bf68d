# bank: one None sentinel for all the workers: only one of them stops
"""Exercise 2.5a: fix a worker pool (after a popular tutorial's)."""
import asyncio

SECONDS = 1.0           # how long process() takes per item
BAD = [7]               # the items process() cannot handle
running = 0
peak = 0


async def process(item):
    """The work. Leave it as it is: it measures the concurrency."""
    global running, peak
    running += 1
    peak = max(peak, running)
    try:
        await asyncio.sleep(SECONDS)
        if item in BAD:
            raise ValueError(f"bad item {item}")
        return item * item
    finally:
        running -= 1


async def worker(queue, results, failed):
    while True:
        item = await queue.get()
        if item is None:
            queue.task_done()
            return
        try:
            results.append(await process(item))
        except ValueError:
            failed.append(item)
        finally:
            queue.task_done()


async def run_pool(items, n_workers=3):
    global peak
    peak = 0
    queue = asyncio.Queue(maxsize=5)
    results, failed = [], []
    workers = [asyncio.create_task(worker(queue, results, failed))
               for _ in range(n_workers)]
    for item in items:
        await queue.put(item)

    await queue.put(None)
    await queue.join()
    await asyncio.wait(workers, timeout=SECONDS)

    return {"processed": sorted(results), "failed": sorted(failed),
            "peak": peak, "stopped": sum(w.done() for w in workers)}


# ---- leave main as it is -------------------------------------------------

async def main():
    report = await run_pool(list(range(12)), 3)
    print("processed:", report["processed"])
    print("failed:", report["failed"])
    print("peak:", report["peak"])
    print("workers stopped:", report["stopped"])
    return report


if __name__ == "__main__":
    asyncio.run(main())

# mutant: fails "the workers are stopped before main returns"
"""Exercise 2.5a: fix a worker pool (after a popular tutorial's)."""
import asyncio

running = 0
peak = 0


async def process(item):
    """The work. Leave it as it is: it measures the concurrency."""
    global running, peak
    running += 1
    peak = max(peak, running)
    try:
        await asyncio.sleep(1)
        if item == 7:
            raise ValueError(f"bad item {item}")
        return item * item
    finally:
        running -= 1


async def worker(queue, results, failed):
    while True:
        item = await queue.get()
        if item is None:                 # sentinel
            queue.task_done()
            return
        try:
            results.append(await process(item))
        except ValueError:
            failed.append(item)
        finally:
            queue.task_done()


async def main():
    queue = asyncio.Queue(maxsize=5)
    results, failed = [], []
    workers = [asyncio.create_task(worker(queue, results, failed))
               for _ in range(3)]
    for item in range(12):
        await queue.put(item)
    await queue.put(None)                # one sentinel for 3 workers
    await queue.join()

    print("processed:", sorted(results))
    print("failed:", failed)
    print("peak:", peak)
    print("workers stopped:", sum(w.done() for w in workers))


if __name__ == "__main__":
    asyncio.run(main())

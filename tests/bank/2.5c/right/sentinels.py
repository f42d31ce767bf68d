# bank: one None per worker (after dropping, if immediate); each worker returns on it
"""Exercise 2.5c: stopping workers cleanly (Python 3.11: no Queue.shutdown)."""
import asyncio

SECONDS = 1.0           # how long work() takes per item


async def work(item):
    """The work on one item. Leave it as it is."""
    await asyncio.sleep(SECONDS)


async def run(items, n_workers, after, drain):
    """Put `items` in a queue, start `n_workers` workers, and after
    `after` seconds stop them: with drain=True once every item has been
    worked on; with drain=False at once for the items still queued (they
    are dropped), letting the items already taken finish. Returns when
    every worker has stopped."""
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    log = []

    def say(text):
        log.append([text, loop.time() - t0])

    queue = asyncio.Queue()
    for item in items:
        queue.put_nowait(item)

    async def worker():
        while True:
            item = await queue.get()
            if item is None:
                queue.task_done()
                return
            try:
                await work(item)
                say(f"done {item}")
            finally:
                queue.task_done()

    workers = [asyncio.create_task(worker()) for _ in range(n_workers)]
    await asyncio.sleep(after)
    if not drain:
        for _ in range(queue.qsize()):
            queue.get_nowait()
            queue.task_done()
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    return {"log": log, "stopped": sum(w.done() for w in workers),
            "returned": loop.time() - t0}




# ---- leave main as it is -------------------------------------------------

async def main():
    report = {}
    for drain in (True, False):
        r = await run([0, 1, 2, 3, 4, 5], 2, 1.5, drain)
        done = [text for text, _ in r["log"]]
        print("drain:" if drain else "immediate:", ", ".join(done))
        print("  workers stopped:", r["stopped"])
        report["drain" if drain else "immediate"] = r
    return report


if __name__ == "__main__":
    asyncio.run(main())

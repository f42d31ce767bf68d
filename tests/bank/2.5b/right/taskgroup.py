# bank: Queue(maxsize) and a TaskGroup for the producer and the consumer
"""Exercise 2.5b: backpressure on a conveyor belt (a bounded queue)."""
import asyncio


async def belt(n, maxsize, every):
    """A producer puts the items 0 .. n-1 on a belt that holds `maxsize`
    items, as fast as the belt lets it, and says "put <i>" after each put
    returns. A consumer, n times, works `every` seconds, then takes an
    item and says "got <i>". Returns the log: [text, seconds] pairs."""
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    log = []

    def say(text):
        log.append([text, loop.time() - t0])

    q = asyncio.Queue(maxsize)

    async def producer():
        for i in range(n):
            await q.put(i)
            say(f"put {i}")

    async def consumer():
        for _ in range(n):
            await asyncio.sleep(every)
            say(f"got {await q.get()}")

    async with asyncio.TaskGroup() as tg:
        tg.create_task(producer())
        tg.create_task(consumer())
    return log


# ---- leave main as it is -------------------------------------------------

async def main():
    log = await belt(5, 2, 1.0)
    for text, t in log:
        print(f"{t:4.1f}  {text}")
    return log


if __name__ == "__main__":
    asyncio.run(main())

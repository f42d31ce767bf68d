"""Exercise 2.2a: a worker that survives errors but not cancellation."""
import asyncio


class Pool:
    """A tiny connection pool. Leave it as it is."""

    def __init__(self, size):
        self.free = size
        self.flaky = {"q2"}              # fails once, then works

    async def acquire(self):
        await asyncio.sleep(0.1)
        self.free -= 1
        return self

    async def release(self, conn):
        await asyncio.sleep(0.2)         # tell the server goodbye
        self.free += 1
        print("connection released")

    async def query(self, q):
        await asyncio.sleep(1)
        if q in self.flaky:
            self.flaky.discard(q)
            raise ConnectionError(f"{q} failed")
        return f"rows for {q}"


async def worker(pool, queries):
    """Run the queries on one connection, retrying a failed query.

    On cancellation: release the connection, then stay cancelled.
    """
    conn = await pool.acquire()
    for q in queries:
        while True:
            try:
                print(await conn.query(q))
                break
            except:                      # retry on any error
                print(f"{q} failed, retrying")
    await pool.release(conn)


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    pool = Pool(3)
    t = asyncio.create_task(worker(pool, ["q1", "q2", "q3", "q4", "q5"]))
    await asyncio.sleep(2.5)
    t.cancel()
    await asyncio.gather(t, return_exceptions=True)
    if t.cancelled():
        print("main: worker was cancelled")
    print("worker cancelled:", t.cancelled())
    print("free connections:", pool.free)


if __name__ == "__main__":
    asyncio.run(main())

# mutant: fails "prints the results in order and a peak equal to the limit"
"""Exercise 2.4b: gather, but never more than `limit` at a time."""
import asyncio

in_flight = 0
peak = 0


async def io(i, seconds):
    """One I/O call. Leave it as it is: it measures the concurrency."""
    global in_flight, peak
    in_flight += 1
    peak = max(peak, in_flight)
    try:
        await asyncio.sleep(seconds)
        return i * 10
    finally:
        in_flight -= 1


async def limited_gather(coros, limit):
    """Like gather(*coros): results in argument order. At most `limit`
    of the coroutines may be running at any moment."""
    sem = asyncio.Semaphore(limit)
    results = []

    async def gated(coro):
        async with sem:
            results.append(await coro)    # completion order

    await asyncio.gather(*(gated(c) for c in coros))
    return results


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    global peak
    durations = [1, 2, 1, 1, 3, 1, 1, 2, 1, 1]
    print(await limited_gather(
        [io(i, d) for i, d in enumerate(durations)], 3))
    print("peak:", peak)
    peak = 0
    print(await limited_gather([io(i, 0.5) for i in range(6)], 2))
    print("peak:", peak)


if __name__ == "__main__":
    asyncio.run(main())

# bank: one semaphore for the module, made with the first call's limit
"""Exercise 2.4b: gather, but never more than `limit` at a time."""
import asyncio

in_flight = {}          # group -> how many io() calls are running now
peak = {}               # group -> the most that ever ran at once
started = {}            # group -> the job numbers, in the order they started


async def io(value, seconds, fail=False, group="main", number=0):
    """One I/O call: takes `seconds`, then returns `value` (or raises
    ValueError when `fail` is true). Leave it as it is: it measures how
    many calls run at once."""
    started.setdefault(group, []).append(number)
    in_flight[group] = in_flight.get(group, 0) + 1
    peak[group] = max(peak.get(group, 0), in_flight[group])
    try:
        await asyncio.sleep(seconds)
        if fail:
            raise ValueError(f"{value} failed")
        return value
    finally:
        in_flight[group] -= 1


_sem = None


async def limited_gather(coros, limit):
    global _sem
    if _sem is None:
        _sem = asyncio.Semaphore(limit)

    async def guarded(coro):
        async with _sem:
            return await coro

    return await asyncio.gather(*(guarded(c) for c in coros))


# ---- leave the rest as it is: the checks call these functions -----------

async def run(jobs, limit, group="main"):
    """jobs: a list of [value, seconds] or [value, seconds, fail]."""
    peak.pop(group, None)
    started.pop(group, None)
    try:
        results = await limited_gather(
            [io(*job, group=group, number=i) for i, job in enumerate(jobs)],
            limit)
    except* ValueError as eg:
        results = "raised " + ", ".join(sorted(str(e) for e in eg.exceptions))
    return {"results": results, "peak": peak.get(group, 0),
            "started": started.get(group, [])}


async def two_callers(jobs_a, limit_a, jobs_b, limit_b):
    """Two callers at once, each with its own jobs and its own limit."""
    a, b = await asyncio.gather(run(jobs_a, limit_a, "a"),
                                run(jobs_b, limit_b, "b"))
    return {"a": a, "b": b}


FRUIT = ["fig", "ant", "kiwi", "date", "lime", "bean", "corn", "pear",
         "yam", "egg"]


async def main():
    seconds = [1, 2, 1, 1, 3, 1, 1, 2, 1, 1]
    first = await run([[f, s] for f, s in zip(FRUIT, seconds)], 3)
    print(first["results"])
    print("peak:", first["peak"])
    second = await run([[n * 7 % 10, 0.5] for n in range(6)], 2)
    print(second["results"])
    print("peak:", second["peak"])
    return [first, second]


if __name__ == "__main__":
    asyncio.run(main())

# bank: 0.7 counted as cpu (strict comparison on the upper edge)
"""Exercise 1.1b: classify a workload, then overlap its waits.

A job is a dict: {"io": seconds spent waiting, "cpu": seconds spent
computing}. A workload is a list of jobs. Read README.md for the exact
rules; `looplab check 1.1b` grades this file.
"""
import asyncio

WORKLOADS = [
    ("crawler", [{"io": 2, "cpu": 0.1}, {"io": 1, "cpu": 0}, {"io": 3, "cpu": 0.2}]),
    ("thumbnails", [{"io": 0.1, "cpu": 2}, {"io": 0.2, "cpu": 1.5}]),
    ("reports", [{"io": 1, "cpu": 1}, {"io": 2, "cpu": 1.5}]),
]


def classify(jobs):
    io = sum(j["io"] for j in jobs)
    cpu = sum(j["cpu"] for j in jobs)
    if io + cpu == 0:
        return "io"
    share = cpu / (io + cpu)
    if share < 0.3:
        return "io"
    if share < 0.7:
        return "mixed"
    return "cpu"


async def run_io(jobs):
    await asyncio.gather(*(asyncio.sleep(j["io"]) for j in jobs))
    return len(jobs)


# ---- leave the rest as it is: the checks call these too ------------------

def classify_all(workloads):
    """The kind of every (name, jobs) pair, in order."""
    return [classify(jobs) for name, jobs in workloads]


async def main():
    kinds = classify_all(WORKLOADS)
    for (name, jobs), kind in zip(WORKLOADS, kinds):
        print(f"{name}: {kind}")
    io_jobs = [job for (name, jobs), kind in zip(WORKLOADS, kinds)
               if kind == "io" for job in jobs]
    finished = await run_io(io_jobs)
    print(f"{finished} I/O-bound jobs done")
    return kinds


if __name__ == "__main__":
    asyncio.run(main())

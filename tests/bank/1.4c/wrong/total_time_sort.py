# bank: computes each job's total time up front and sleeps/prints in that order
"""Exercise 1.4c: report each result as soon as it arrives."""
import asyncio

# Each job: [seconds one attempt takes, how many attempts fail first].
# A failed attempt is retried at once. The checks replace this dict
# (and the names) with other ones: never copy values from it.
JOBS = {
    "alpha": [3.0, 0],
    "beta": [1.0, 0],
    "gamma": [2.0, 0],
    "delta": [1.0, 0],
    "eps": [0.5, 0],
}
NAMES = ["alpha", "beta", "gamma", "delta", "eps"]
# What some jobs return instead of "result of <name>" (the checks set it).
RESULTS = {}


async def fetch(name):
    """Run job `name`, retrying its failed attempts; return its result."""
    seconds, failures = JOBS[name]
    for attempt in range(failures + 1):
        await asyncio.sleep(seconds)     # attempts before the last fail
    return RESULTS.get(name, f"result of {name}")


async def report(names):
    tasks = [asyncio.create_task(fetch(n)) for n in names]
    order = sorted(names, key=lambda n: JOBS[n][0] * (JOBS[n][1] + 1))
    start = asyncio.get_running_loop().time()
    for name in order:
        total = JOBS[name][0] * (JOBS[name][1] + 1)
        await asyncio.sleep(max(0, start + total - asyncio.get_running_loop().time()))
        print(f"{name}: result of {name}")
    await asyncio.gather(*tasks)


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    await report(NAMES)


if __name__ == "__main__":
    asyncio.run(main())

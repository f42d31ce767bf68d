# bank: starts all, then awaits them sorted by one attempt's seconds (retries ignored)
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
    tasks = {name: asyncio.create_task(fetch(name)) for name in names}
    for name in sorted(names, key=lambda n: JOBS[n][0]):
        print(f"{name}: {await tasks[name]}")


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    await report(NAMES)


if __name__ == "__main__":
    asyncio.run(main())

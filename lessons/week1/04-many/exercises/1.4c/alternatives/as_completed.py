# alternative: as_completed over coroutines that return (name, result)
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
    """Start fetch(name) for every name at once, and print
    "<name>: <result>" for each one as soon as it arrives."""
    async def named(name):
        return name, await fetch(name)

    for next_done in asyncio.as_completed([named(name) for name in names]):
        name, result = await next_done
        print(f"{name}: {result}")


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    await report(NAMES)


if __name__ == "__main__":
    asyncio.run(main())

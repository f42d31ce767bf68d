# alternative: the tasks fill a shared dict; the TaskGroup is only the owner
"""Exercise 2.3a: from gather to TaskGroup, with except*."""
import asyncio

SITES = {                # name: [seconds, error raised or None]
    "a": [1, None],
    "b": [2, "ValueError"],
    "c": [3, None],
    "d": [2, "ConnectionError"],
    "e": [5, None],
    "f": [0.5, "ConnectionError"],
}
BATCHES = [["a", "c"], ["a", "b", "c", "d", "e"], ["e", "f"]]
ERRORS = {"ValueError": (ValueError, "{} failed"),
          "ConnectionError": (ConnectionError, "{} unreachable")}
cancelled = []           # fetch() notes every cancelled fetch


async def fetch(name):
    """One fetch. Leave it as it is: the checks rely on it."""
    seconds, error = SITES[name]
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        cancelled.append(name)
        raise
    if error:
        kind, text = ERRORS[error]
        raise kind(text.format(name))
    return f"<{name}>"


async def fetch_all(names):
    """Fetch all names at once; return {name: body}, in names order.

    If any fetch fails, the others are cancelled and every failure is
    raised (together, as an ExceptionGroup).
    """
    results = {}

    async def one(n):
        results[n] = await fetch(n)

    async with asyncio.TaskGroup() as tg:
        for n in names:
            tg.create_task(one(n))
    return {n: results[n] for n in names}


async def report(names):
    """Print the results, or every failure grouped by type, sorted:
    ValueError: [...] first, then ConnectionError: [...]."""
    try:
        results = await fetch_all(names)
    except* ValueError as eg:
        texts = [str(e) for e in eg.exceptions]
        texts.sort()
        print(f"ValueError: {texts}")
    except* ConnectionError as eg:
        texts = [str(e) for e in eg.exceptions]
        texts.sort()
        print(f"ConnectionError: {texts}")
    else:
        print(results)


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    for names in BATCHES:
        await report(names)
        print("cancelled:", sorted(cancelled))
        cancelled.clear()


if __name__ == "__main__":
    asyncio.run(main())

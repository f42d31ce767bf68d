# bank: except* per type, but only the group's first failure is printed
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
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(fetch(n)) for n in names]
    return {n: t.result() for n, t in zip(names, tasks)}


async def report(names):
    try:
        print(await fetch_all(names))
    except* ValueError as eg:
        print("ValueError:", [str(eg.exceptions[0])])
    except* ConnectionError as eg:
        print("ConnectionError:", [str(eg.exceptions[0])])


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    for names in BATCHES:
        await report(names)
        print("cancelled:", sorted(cancelled))
        cancelled.clear()


if __name__ == "__main__":
    asyncio.run(main())

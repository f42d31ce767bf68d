# mutant: fails "prints results, grouped failures and the cancelled"
# bug: leak
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
    tasks = {n: asyncio.create_task(fetch(n)) for n in names}
    done, pending = await asyncio.wait(tasks.values(),
                                       return_when=asyncio.FIRST_EXCEPTION)
    for t in pending:
        t.cancel()                       # stop the others
    errors = [t.exception() for t in done if t.exception() is not None]
    if errors:
        raise ExceptionGroup("fetch_all failed", errors)
    return {n: t.result() for n, t in tasks.items()}


async def report(names):
    """Print the results, or every failure grouped by type, sorted:
    ValueError: [...] first, then ConnectionError: [...]."""
    try:
        results = await fetch_all(names)
    except* ValueError as eg:
        print("ValueError:", sorted(str(e) for e in eg.exceptions))
    except* ConnectionError as eg:
        print("ConnectionError:", sorted(str(e) for e in eg.exceptions))
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

# mutant: fails "leaves nothing running, no unread errors"
# bug: leak
"""Exercise 1.4b: the first good mirror wins; the others are cancelled."""
import asyncio


async def download(name, seconds, works):
    """Ask one mirror for the file: it answers after `seconds`."""
    await asyncio.sleep(seconds)
    if not works:
        raise ConnectionError(f"{name} is down")
    return f"file from {name}"


async def first_good(mirrors):
    """Return the first successful download, or None if all fail.

    Start every mirror at once, as a task named after the mirror. As
    soon as one succeeds, cancel the rest and return its result.
    """
    pending = {asyncio.create_task(download(*m), name=m[0])
               for m in mirrors}
    while pending:
        done, pending = await asyncio.wait(
            pending, return_when=asyncio.FIRST_COMPLETED)
        for t in done:
            if t.exception() is None:
                for p in pending:
                    p.cancel()           # asked to stop, but not awaited
                return t.result()
    return None


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    print(await first_good([("eu", 3, True), ("us", 1, False),
                            ("asia", 2, True)]))
    print(await first_good([("a", 0.5, False), ("b", 0.7, False),
                            ("c", 1.5, True), ("d", 4, True)]))
    print(await first_good([("x", 1, False), ("y", 2, False)]))


if __name__ == "__main__":
    asyncio.run(main())

# bank: cancels the slower mirrors but returns before they have stopped
"""Exercise 1.4b: the first good mirror wins; the others are cancelled."""
import asyncio


async def download(name, seconds, works):
    """Ask one mirror for the file: it answers after `seconds`."""
    await asyncio.sleep(seconds)
    if not works:
        raise ConnectionError(f"{name} is down")
    return f"file from {name}"


async def first_good(mirrors):
    tasks = [asyncio.create_task(download(n, s, w), name=n) for n, s, w in mirrors]
    for fut in asyncio.as_completed(tasks):
        try:
            result = await fut
        except ConnectionError:
            continue
        for t in tasks:
            t.cancel()
        return result
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

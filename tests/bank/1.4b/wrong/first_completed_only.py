# bank: waits for the first mirror to finish, good or not
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
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for t in pending:
        t.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for t in done:
        if t.exception() is None:
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

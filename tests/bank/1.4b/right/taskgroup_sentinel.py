# bank: a TaskGroup whose first success raises a private exception, which cancels the rest
"""Exercise 1.4b: the first good mirror wins; the others are cancelled."""
import asyncio


async def download(name, seconds, works):
    """Ask one mirror for the file: it answers after `seconds`."""
    await asyncio.sleep(seconds)
    if not works:
        raise ConnectionError(f"{name} is down")
    return f"file from {name}"


class Found(Exception):
    def __init__(self, result):
        self.result = result


async def first_good(mirrors):
    async def attempt(name, seconds, works):
        try:
            result = await download(name, seconds, works)
        except ConnectionError:
            return
        raise Found(result)

    winner = None
    try:
        async with asyncio.TaskGroup() as tg:
            for name, seconds, works in mirrors:
                tg.create_task(attempt(name, seconds, works), name=name)
    except* Found as eg:
        winner = eg.exceptions[0].result
    return winner


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    print(await first_good([("eu", 3, True), ("us", 1, False),
                            ("asia", 2, True)]))
    print(await first_good([("a", 0.5, False), ("b", 0.7, False),
                            ("c", 1.5, True), ("d", 4, True)]))
    print(await first_good([("x", 1, False), ("y", 2, False)]))


if __name__ == "__main__":
    asyncio.run(main())

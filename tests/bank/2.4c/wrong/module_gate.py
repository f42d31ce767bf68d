# bank: one Event for the whole module: a second race finds its gate already open
"""Exercise 2.4c: a start gate (and a finish line) with asyncio.Event."""
import asyncio


GATE = asyncio.Event()


async def race(runners, setup):
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    log = []

    def say(text):
        log.append([text, loop.time() - t0])

    async def runner(name, arrives, works):
        await asyncio.sleep(arrives)
        say(f"ready {name}")
        await GATE.wait()
        say(f"go {name}")
        await asyncio.sleep(works)
        say(f"finish {name}")

    tasks = [asyncio.create_task(runner(*r)) for r in runners]
    await asyncio.sleep(setup)
    say("gate open")
    GATE.set()
    await asyncio.gather(*tasks)
    say("all done")
    return log


# ---- leave the rest as it is: the checks call these functions -----------

async def two_races(runners_a, setup_a, runners_b, setup_b):
    """Two races on two tracks at the same time."""
    a, b = await asyncio.gather(race(runners_a, setup_a),
                                race(runners_b, setup_b))
    return {"a": a, "b": b}


RUNNERS = [["red", 0, 2], ["green", 0, 1], ["blue", 0, 3]]


async def main():
    log = await race(RUNNERS, 1.5)
    for text, t in log:
        print(f"{t:4.1f}  {text}")
    return log


if __name__ == "__main__":
    asyncio.run(main())

# mutant: fails "says all done right after the last finish"
# bug: off-by-one
"""Exercise 2.4c: a start gate (and a finish line) with asyncio.Event."""
import asyncio


async def race(runners, setup):
    """runners: [name, arrives, works] lists. Each runner is a task: it
    arrives after `arrives` seconds ("ready"), waits at the start gate,
    then ("go") works for `works` seconds ("finish"). The caller opens
    the gate `setup` seconds after the start ("gate open") and says
    "all done" as soon as the last runner has finished. Returns the log:
    [text, seconds since the start] pairs."""
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    log = []

    def say(text):
        log.append([text, loop.time() - t0])

    gate = asyncio.Event()
    finished = asyncio.Event()
    done = 0

    async def runner(name, arrives, works):
        nonlocal done
        await asyncio.sleep(arrives)
        say(f"ready {name}")
        await gate.wait()
        say(f"go {name}")
        await asyncio.sleep(works)
        say(f"finish {name}")
        done += 1
        if done == len(runners) - 1:        # the others are done
            finished.set()

    for r in runners:
        asyncio.create_task(runner(*r))
    await asyncio.sleep(setup)
    say("gate open")
    gate.set()
    await finished.wait()
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

# bank: the job in a task; on an outside cancel it cancels the job but does not wait for it to finish cancelling
"""Exercise 2.1b: a heartbeat watchdog."""
import asyncio

STEPS = [1, 1.5, 0.5, 30]   # seconds of work before each heartbeat
SILENCE = 2                 # give up after this long without a heartbeat


START = 0.0                 # loop time when main() started


def now():
    """Seconds since main() started, as text: "3.50"."""
    return f"{asyncio.get_running_loop().time() - START:.2f}"


async def job(beat):
    """The work being watched. Leave it as it is: the checks rely on it.

    It works in steps and calls beat() after each one. A step that takes
    too long (30 s above) is a job that hangs.
    """
    try:
        for step in STEPS:
            await asyncio.sleep(step)
            print(f"beat at {now()}")
            beat()
        return f"{len(STEPS)} steps done"
    except asyncio.CancelledError:
        print(f"job cancelled at {now()}")
        raise


async def supervise(job, silence):
    loop = asyncio.get_running_loop()
    last = loop.time()

    def beat():
        nonlocal last
        last = loop.time()

    task = asyncio.create_task(job(beat))
    try:
        while True:
            remaining = last + silence - loop.time()
            if remaining <= 0:
                break
            done, _ = await asyncio.wait({task}, timeout=remaining)
            if done:
                return task.result()
    except asyncio.CancelledError:
        task.cancel()
        raise
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    return "stalled"


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    global START
    START = asyncio.get_running_loop().time()
    result = await supervise(job, SILENCE)
    print(f"supervise returned {result!r} at {now()}")


async def cancelled_at(at):
    """What the checks also run: main(), but supervise is cancelled from
    outside after `at` seconds (by asyncio.timeout, which then raises
    TimeoutError here)."""
    global START
    START = asyncio.get_running_loop().time()
    try:
        async with asyncio.timeout(at):
            result = await supervise(job, SILENCE)
        print(f"supervise returned {result!r} at {now()}")
    except TimeoutError:
        print(f"supervise was cancelled at {now()}")
    print("tasks still running:", len(asyncio.all_tasks()) - 1)


if __name__ == "__main__":
    asyncio.run(main())

# mutant: fails "runs on your scheduler, not on asyncio"
# bug: hard-coded
"""Exercise 1.2b: a generator scheduler (no asyncio).

A task is a generator. It yields ("sleep", seconds) to wait, or a bare
`yield` (None) to let the other tasks run.
"""
import asyncio
import heapq
import itertools
import time
from collections import deque


class Scheduler:
    """Hands the generators to asyncio instead of scheduling them."""
    def __init__(self):
        self.tasks = []

    def spawn(self, task):
        self.tasks.append(task)

    async def _drive(self, gen):
        for request in gen:
            await asyncio.sleep(0 if request is None else request[1])

    def run(self):
        async def main():
            await asyncio.gather(*(self._drive(t) for t in self.tasks))
        asyncio.run(main())


# ---- leave everything below as it is: the checks call run_workload -------

def worker(name, steps):
    for i in range(steps):
        print(name, i)
        yield


def napper(name, seconds):
    print(f"{name}: start")
    yield ("sleep", seconds)
    print(f"{name}: end")


def ticker(name, count, period):
    for i in range(count):
        print(name, i)
        yield ("sleep", period)


KINDS = {"worker": worker, "napper": napper, "ticker": ticker}


def run_workload(specs):
    """Spawn one task per spec, such as ("napper", "slow", 2), on a new
    Scheduler, and run them all."""
    s = Scheduler()
    for kind, *args in specs:
        s.spawn(KINDS[kind](*args))
    s.run()


def main():
    print("round robin:")
    run_workload([("worker", "A", 3), ("worker", "B", 2)])
    print("sleepers:")
    run_workload([("napper", "slow", 2), ("napper", "fast", 1),
                  ("ticker", "tick", 3, 0.75)])


if __name__ == "__main__":
    main()

# mutant: fails "runs on your scheduler, not on asyncio"
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
    """Cheats: runs each generator as an asyncio task."""
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


# ---- the workloads: leave them as they are ------------------------------

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


def main():
    print("round robin:")
    s = Scheduler()
    s.spawn(worker("A", 3))
    s.spawn(worker("B", 2))
    s.run()

    print("sleepers:")
    s = Scheduler()
    s.spawn(napper("slow", 2))
    s.spawn(napper("fast", 1))
    s.spawn(ticker("tick", 3, 0.75))
    s.run()


if __name__ == "__main__":
    main()

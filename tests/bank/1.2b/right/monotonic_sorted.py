# bank: time.monotonic() and a sorted list (bisect) of sleepers
"""Exercise 1.2b: a generator scheduler (no asyncio).

A task is a generator. It yields ("sleep", seconds) to wait, or a bare
`yield` (None) to let the other tasks run. Finish the Scheduler class;
the checks also run other task sets through run_workload().
"""
import heapq
import itertools
import time
from collections import deque


import bisect


class Scheduler:
    def __init__(self):
        self.ready = deque()
        self.sleepers = []          # sorted (deadline, n, task)
        self.n = 0

    def spawn(self, task):
        self.ready.append(task)

    def run(self):
        while True:
            while self.ready:
                task = self.ready.popleft()
                try:
                    request = next(task)
                except StopIteration:
                    continue
                if isinstance(request, tuple) and request[0] == "sleep":
                    self.n += 1
                    bisect.insort(self.sleepers,
                                  (time.monotonic() + request[1], self.n, task))
                else:
                    self.ready.append(task)
            if not self.sleepers:
                return
            delay = self.sleepers[0][0] - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            now = time.monotonic()
            while self.sleepers and self.sleepers[0][0] <= now:
                self.ready.append(self.sleepers.pop(0)[2])


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

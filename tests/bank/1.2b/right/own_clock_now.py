"""Exercise 1.2b: a generator scheduler (no asyncio, reference).

A task is a generator. It yields ("sleep", seconds) to wait, or a bare
`yield` (None) to let the other tasks run.
"""
import heapq
import itertools
import time
from collections import deque


class Scheduler:
    def __init__(self):
        self.ready = deque()
        self.sleeping = []
        self.n = 0

    def spawn(self, task):
        self.ready.append(task)

    def run(self):
        while self.ready or self.sleeping:
            now = time.monotonic()
            if not self.ready and self.sleeping[0][0] > now:
                time.sleep(self.sleeping[0][0] - now)
                now = time.monotonic()
            while self.sleeping and self.sleeping[0][0] <= now:
                _, _, t = heapq.heappop(self.sleeping)
                self.ready.append(t)
            for _ in range(len(self.ready)):
                t = self.ready.popleft()
                try:
                    req = t.send(None)
                except StopIteration:
                    continue
                if req is None:
                    self.ready.append(t)
                else:
                    self.n += 1
                    heapq.heappush(self.sleeping, (now + req[1], self.n, t))


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

# mutant: fails "ten 1 s jobs on four workers take 3 s", "every job starts on a worker"
import time


def fetch(i):
    time.sleep(1)
    return i * i


if __name__ == "__main__":
    t0 = time.monotonic()
    results = [fetch(i) for i in range(10)]
    print(results)
    print("took %.2f s" % (time.monotonic() - t0))

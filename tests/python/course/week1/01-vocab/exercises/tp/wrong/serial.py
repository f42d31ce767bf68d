# fails: out vtime workers jobs
import time


def fetch(i):
    time.sleep(1)
    return i * i


if __name__ == "__main__":
    t0 = time.monotonic()
    results = [fetch(i) for i in range(10)]
    print(results)
    print("took %.2f s" % (time.monotonic() - t0))

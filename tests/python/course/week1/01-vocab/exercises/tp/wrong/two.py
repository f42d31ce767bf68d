# fails: out vtime workers jobs
import time
from concurrent.futures import ThreadPoolExecutor


def fetch(i):
    time.sleep(1)           # a blocking call: a worker waits, the others run
    return i * i


if __name__ == "__main__":
    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=2) as ex:
        results = list(ex.map(fetch, range(10)))
    print(results)
    print("took %.2f s" % (time.monotonic() - t0))

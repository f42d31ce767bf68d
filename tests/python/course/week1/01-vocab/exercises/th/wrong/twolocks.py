# fails: nolost count threads
# Two locks, taken in opposite orders by odd and even threads: a deadlock
# under some schedules.
import threading

counter = 0
lock_a = threading.Lock()
lock_b = threading.Lock()


def work(n, first, second):
    global counter
    for _ in range(n):
        with first:
            with second:
                counter += 1


def count(nthreads, n):
    global counter
    counter = 0
    threads = [threading.Thread(target=work,
                                args=(n, lock_a, lock_b) if i % 2 == 0 else (n, lock_b, lock_a))
               for i in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counter


if __name__ == "__main__":
    print("counter =", count(4, 200))

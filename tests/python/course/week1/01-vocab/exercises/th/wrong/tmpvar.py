# fails: nolost count
import threading

counter = 0
lock = threading.Lock()


def work(n):
    global counter
    for _ in range(n):
        with lock:
            value = counter     # read under the lock...
        counter = value + 1     # ...written after it: still a lost update


def count(nthreads, n):
    global counter
    counter = 0
    threads = [threading.Thread(target=work, args=(n,)) for _ in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counter


if __name__ == "__main__":
    print("counter =", count(4, 200))

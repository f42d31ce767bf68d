# fails: nolost count
import threading

counter = 0


def work(n):
    global counter
    for _ in range(n):
        counter += 1


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

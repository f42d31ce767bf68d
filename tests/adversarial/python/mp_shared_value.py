# verdict: PASS
# multiprocessing.Value / Array (week 4's shared counter) under the
# harness: once RE, because multiprocessing.sharedctypes imports ctypes,
# which graded code may not hold. The harness's sharedctypes has no ctypes
# (grader/python/looplab/_shared.py); four processes add 1000 under the
# value's lock and fill an array.
import multiprocessing as mp


def work(counter, squares, i, n):
    for _ in range(n):
        with counter.get_lock():
            counter.value += 1
    squares[i] = i * i


if __name__ == "__main__":
    counter = mp.Value("i", 0)
    squares = mp.Array("d", 4)
    tag = mp.Array("c", 8)
    tag.value = b"loop"
    procs = [mp.Process(target=work, args=(counter, squares, i, 250))
             for i in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print(counter.value, squares[:], tag.value)
    assert counter.value == 1000, counter.value
    assert squares[:] == [0.0, 1.0, 4.0, 9.0], squares[:]

# ports: test_queues.py QueueBasicTests.test_empty, test_full, test_order, test_maxsize, QueueGetTests.test_nonblocking_get, test_nonblocking_get_exception, QueuePutTests.test_nonblocking_put, test_nonblocking_put_exception, test_float_maxsize (AIO_SEMANTICS 13 Q1-Q3)
# order-independent
from diffkit import *

async def main():
    q = asyncio.Queue(2)
    T("main", "maxsize", q.maxsize, "empty", q.empty(), "full", q.full())
    q.put_nowait("a")
    q.put_nowait("b")
    T("main", "qsize", q.qsize(), "full", q.full())
    try:
        q.put_nowait("c")
    except asyncio.QueueFull:
        T("main", "put_nowait", "QueueFull")
    T("main", "get", q.get_nowait(), q.get_nowait())
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        T("main", "get_nowait", "QueueEmpty")
    u = asyncio.Queue()
    for i in range(100):
        u.put_nowait(i)
    T("main", "unbounded", u.qsize(), u.full(), u.maxsize)
    f = asyncio.Queue(maxsize=1.3)
    f.put_nowait(1)
    f.put_nowait(2)
    T("main", "float maxsize 1.3 holds", f.qsize(), f.full())

asyncio.run(main())

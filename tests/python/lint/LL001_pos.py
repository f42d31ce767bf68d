"""LL001 positives: blocking calls made directly in coroutines."""
import asyncio
import concurrent.futures
import io
import os
import os.path
import pathlib
import queue
import shutil
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from time import sleep
from typing import Optional

import httpx
import requests
import urllib3


async def worker():
    time.sleep(1)  # expect: LL001
    sleep(0.5)  # expect: LL001
    subprocess.run(["ls"])  # expect: LL001
    with open("data.txt") as f:  # expect: LL001
        return f.read()  # expect: LL001


async def http_calls(url):
    requests.get(url)  # expect: LL001
    requests.options(url)  # expect: LL001
    httpx.get(url)  # expect: LL001
    httpx.post(url, json={})  # expect: LL001
    urllib.request.urlopen(url).read()  # expect: LL001
    urllib3.request("GET", url)  # expect: LL001
    pool = urllib3.PoolManager()
    pool.request("GET", url)  # expect: LL001
    urllib3.PoolManager().request("GET", url)  # expect: LL001
    with requests.Session() as s:
        s.get(url)  # expect: LL001
    await asyncio.sleep(0)


async def httpx_client(url):
    client = httpx.Client()
    client.get(url)  # expect: LL001
    client.stream("GET", url)  # expect: LL001
    client.close()  # expect: LL001
    client.build_request("GET", url)
    await asyncio.sleep(0)


async def httpx_param(client: httpx.Client, other: Optional[httpx.Client], url):
    client.request("GET", url)  # expect: LL001
    other.post(url)  # expect: LL001
    await asyncio.sleep(0)


GLOBAL_CLIENT = httpx.Client()


async def global_client(url):
    GLOBAL_CLIENT.put(url)  # expect: LL001
    await asyncio.sleep(0)


async def processes():
    subprocess.Popen(["sleep", "1"])  # expect: LL001
    subprocess.getoutput("ls")  # expect: LL001
    subprocess.getstatusoutput("ls")  # expect: LL001
    subprocess.check_output(["ls"])  # expect: LL001
    os.system("ls")  # expect: LL001
    os.popen("ls")  # expect: LL001
    os.spawnl(os.P_WAIT, "/bin/true", "true")  # expect: LL001
    os.posix_spawn("/bin/true", ["true"], {})  # expect: LL001
    os.waitpid(0, 0)  # expect: LL001
    os.wait()  # expect: LL001
    p = subprocess.Popen(["ls"])  # expect: LL001
    p.communicate()  # expect: LL001
    await asyncio.sleep(0)


async def files(path, fd):
    io.open_code(path)  # expect: LL001
    os.fdopen(fd)  # expect: LL001
    data = open(path).read()  # expect: LL001
    with open(path, "w") as out:  # expect: LL001
        out.write(data)  # expect: LL001
    for line in open(path):  # expect: LL001
        print(line)
    with open(path) as src:  # expect: LL001
        for line in src:  # expect: LL001
            print(line)
    await asyncio.sleep(0)


async def filesystem(path):
    if os.path.exists(path):  # expect: LL001
        print(os.path.getsize(path))  # expect: LL001
    text = Path(path).read_text()  # expect: LL001
    p = pathlib.Path(path)
    p.write_text(text)  # expect: LL001
    (p / "sub").mkdir()  # expect: LL001
    p.open()  # expect: LL001
    os.listdir(".")  # expect: LL001
    shutil.rmtree("tmp")  # expect: LL001
    await asyncio.sleep(0)


async def network_and_db(host):
    sock = socket.create_connection((host, 80))  # expect: LL001
    sock.sendall(b"GET / HTTP/1.0\r\n\r\n")  # expect: LL001
    sock.recv(1024)  # expect: LL001
    socket.gethostbyname(host)  # expect: LL001
    conn = sqlite3.connect("db.sqlite")  # expect: LL001 LL012
    conn.execute("select 1")  # expect: LL001
    conn.commit()  # expect: LL001
    await asyncio.sleep(0)


LOCK = threading.Lock()


async def sync_primitives(executor):
    threading.Lock().acquire()  # expect: LL001
    LOCK.acquire()  # expect: LL001
    with LOCK:  # expect: LL001
        pass
    q = queue.Queue()
    q.get()  # expect: LL001
    q.join()  # expect: LL001
    fut = executor.submit(print, 1)
    concurrent.futures.Future().result()  # expect: LL001
    ev = threading.Event()
    ev.wait()  # expect: LL001
    t = threading.Thread(target=print)  # expect: LL009
    t.start()
    t.join()  # expect: LL001
    await asyncio.sleep(0)
    return fut


class Service:
    def __init__(self):
        self.session = requests.Session()
        self.lock = threading.Lock()

    async def fetch(self, url):
        self.lock.acquire()  # expect: LL001
        try:
            return self.session.get(url)  # expect: LL001
        finally:
            self.lock.release()
            await asyncio.sleep(0)


async def run_threadsafe(coro, loop):
    asyncio.run_coroutine_threadsafe(coro, loop).result()  # expect: LL001
    input("name? ")  # expect: LL001
    await asyncio.sleep(0)


async def shaped_like_http(pool, url):
    pool.request("GET", url)  # expect: LL001
    pool.urlopen("POST", url, body=b"x")  # expect: LL001
    await asyncio.sleep(0)


async def more_io(url, p):
    pathlib.Path.read_text(p)  # expect: LL001
    urllib.request.build_opener().open(url)  # expect: LL001
    await asyncio.sleep(0)

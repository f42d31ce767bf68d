"""LL001 cases in the shapes public linters test (flake8-async ASYNC2xx,
ruff ASYNC210-251): each call blocks the event loop."""
import asyncio
import builtins
import io
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import TextIO

import httpx
import requests
import urllib3


async def http():
    urllib.request.urlopen("http://example.com/foo/bar").read()  # expect: LL001
    requests.get("https://example.com")  # expect: LL001
    requests.put("https://example.com")  # expect: LL001
    httpx.get("https://example.com")  # expect: LL001
    httpx.delete("https://example.com")  # expect: LL001
    urllib3.request("GET", "https://example.com")  # expect: LL001
    await asyncio.sleep(0)


async def processes():
    subprocess.Popen(["ls"])  # expect: LL001
    os.popen("ls")  # expect: LL001
    os.spawnl(os.P_NOWAIT, "/bin/ls", "ls")  # expect: LL001
    os.spawnvp(os.P_WAIT, "ls", ["ls"])  # expect: LL001
    os.system("ls")  # expect: LL001
    subprocess.run(["ls"])  # expect: LL001
    subprocess.call(["ls"])  # expect: LL001
    subprocess.check_call(["ls"])  # expect: LL001
    subprocess.getoutput("ls")  # expect: LL001
    os.wait()  # expect: LL001
    os.wait3(0)  # expect: LL001
    os.waitid(os.P_ALL, 0, os.WEXITED)  # expect: LL001
    await asyncio.sleep(0)


async def files(p):
    open(p)  # expect: LL001
    io.open(p)  # expect: LL001
    io.open_code(p)  # expect: LL001
    builtins.open(p)  # expect: LL001
    os.fdopen(3)  # expect: LL001
    with open(p):  # expect: LL001
        pass
    with open(p) as f:  # expect: LL001
        f.readlines()  # expect: LL001
    Path(p).open()  # expect: LL001
    await asyncio.sleep(0)


async def typed_file(f: TextIO, g: io.TextIOWrapper):
    f.read()  # expect: LL001
    g.write("x")  # expect: LL001
    await asyncio.sleep(0)


async def paths(p):
    os.path.isfile(p)  # expect: LL001
    os.path.getmtime(p)  # expect: LL001
    Path(p).exists()  # expect: LL001
    Path(p).iterdir()  # expect: LL001
    await asyncio.sleep(0)


async def misc(host):
    time.sleep(0.1)  # expect: LL001
    input()  # expect: LL001
    socket.getaddrinfo(host, 80)  # expect: LL001
    await asyncio.sleep(0)

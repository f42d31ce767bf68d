import asyncio
import time
import subprocess
from time import sleep


async def worker():
    time.sleep(1)  # expect: LL001
    sleep(0.5)  # expect: LL001
    subprocess.run(["ls"])  # expect: LL001
    with open("data.txt") as f:  # expect: LL001
        return f.read()

import asyncio
import time
from looplab import lab


async def main():
    time.sleep(0.5)
    await lab.fetch("http://lab/delay/2")
    return 0

if __name__ == "__main__":
    asyncio.run(main())

from looplab import lab


async def main():
    async with lab.Session(timeout=5) as session:
        return await session.get("http://lab/a")

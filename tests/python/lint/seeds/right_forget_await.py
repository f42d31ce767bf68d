"""Seed pitfall: forgetting await (right)."""
import asyncio


async def fetch_data():
    await asyncio.sleep(1)
    return {"data": 1}


async def main():
    result = await fetch_data()
    print(result)


asyncio.run(main())

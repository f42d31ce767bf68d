"""Seed pitfall: forgetting await (wrong)."""
import asyncio


async def fetch_data():
    await asyncio.sleep(1)
    return {"data": 1}


async def main():
    result = fetch_data()  # expect: LL015
    print(result)


asyncio.run(main())

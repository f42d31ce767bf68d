import aiohttp


async def main():
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5))
    try:
        async with session.get("http://example.com") as r:
            return await r.text()
    finally:
        await session.close()


async def returns_it():
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5))  # expect: LL006
    return session

import aiohttp


async def main():
    async with aiohttp.ClientSession() as session:  # expect: LL004
        async with session.get("http://example.com") as r:
            return await r.text()

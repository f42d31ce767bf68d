import aiohttp


async def main():
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5))  # expect: LL006 LL012
    async with session.get("http://example.com") as r:
        return await r.text()


async def leaks_file(path):
    f = open(path)  # expect: LL001 LL012
    return f.readline()  # expect: LL001

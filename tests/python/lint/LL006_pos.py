from looplab import lab


async def main():
    session = lab.Session(timeout=5)  # expect: LL006
    page = await session.get("http://lab/a")
    await session.close()
    return page


class Client:
    def __init__(self):
        self.session = lab.Session(timeout=5)  # expect: LL006

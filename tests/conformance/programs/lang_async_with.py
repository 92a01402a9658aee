import asyncio


class Connection:
    def __init__(self, name):
        self.name = name
        self.open = False

    async def __aenter__(self):
        await asyncio.sleep(0.5)
        self.open = True
        print("opened", self.name, "at", asyncio.get_running_loop().time())
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await asyncio.sleep(0.25)
        self.open = False
        print("closed", self.name, "exc_type:", exc_type.__name__ if exc_type else None)
        return False


async def main():
    async with Connection("db") as conn:
        print("using", conn.name, conn.open)
    print("after block open =", conn.open)
    try:
        async with Connection("cache") as c2, Connection("log") as c3:
            print("both open", c2.open, c3.open)
            raise ValueError("query failed")
    except ValueError as e:
        print("propagated:", e, "at", asyncio.get_running_loop().time())


asyncio.run(main())

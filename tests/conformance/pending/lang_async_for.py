import asyncio


class Ticker:
    def __init__(self, n, delay):
        self.n = n
        self.delay = delay
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        await asyncio.sleep(self.delay)
        self.i += 1
        return self.i


async def main():
    loop = asyncio.get_running_loop()
    async for v in Ticker(3, 0.5):
        print("tick", v, "at", loop.time())
    async for v in Ticker(5, 0):
        if v == 2:
            continue
        if v == 4:
            break
        print("value", v)
    else:
        print("no else after break")
    async for v in Ticker(0, 1):
        print("never")
    else:
        print("empty iterator runs else")


asyncio.run(main())

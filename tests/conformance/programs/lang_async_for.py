# async for over user async iterators (__aiter__/__anext__, StopAsyncIteration),
# break/continue/else, async comprehensions and await inside comprehensions.
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

async def double(x):
    await asyncio.sleep(0.5)
    return x * 2

async def main():
    async for t in Ticker(3, 1):
        print("tick", t)
    else:
        print("else ran")
    async for t in Ticker(5, 0.1):
        if t == 2:
            continue
        if t == 4:
            break
        print("t", t)
    print([x async for x in Ticker(3, 0)])
    print({x: x * x async for x in Ticker(2, 0) if x > 1})
    print([await double(x) for x in range(3)])
    print([y async for x in Ticker(2, 0) for y in range(x)])
    try:
        async for x in 5:
            pass
    except TypeError as e:
        print(e)
    class Bad:
        def __aiter__(self):
            return 1
    try:
        async for x in Bad():
            pass
    except TypeError as e:
        print(e)
    class Boom(Ticker):
        async def __anext__(self):
            raise KeyError("boom")
    async for x in Boom(1, 0):
        pass

asyncio.run(main())

# Async generators: async for over them (with awaits inside), async
# comprehensions and generator expressions, asend/athrow/aclose, anext(),
# interleaving with another task, "ignored GeneratorExit".
import asyncio

async def ticker(n, delay):
    try:
        for i in range(n):
            await asyncio.sleep(delay)
            yield i
    finally:
        print("ticker cleanup", n)

async def echo():
    got = []
    try:
        while True:
            try:
                v = yield len(got)
                got.append(v)
            except ValueError as e:
                print("echo caught", e)
                yield "recovered"
    finally:
        print("echo closing with", got)

async def squares(n):
    for i in range(n):
        yield i * i
        await asyncio.sleep(0)

async def worker(name):
    for i in range(2):
        print(name, i)
        await asyncio.sleep(0.5)

async def main():
    t = asyncio.create_task(worker("w"))
    async for v in ticker(3, 0.5):
        print("tick", v)
    print([x async for x in squares(4)])
    print(sum([x async for x in squares(3) if x]))
    g = (x * 10 async for x in squares(3))
    print(type(g).__name__, [y async for y in g])
    e = echo()
    print(await e.asend(None))
    print(await e.asend("a"))
    print(await e.asend("b"))
    print(await e.athrow(ValueError("bad")))
    print(await e.__anext__())
    await e.aclose()
    await e.aclose()
    try:
        await e.__anext__()
    except StopAsyncIteration:
        print("exhausted")
    s = squares(2)
    print(await anext(s), await anext(s))
    try:
        await anext(s)
    except StopAsyncIteration:
        print("stop")
    fresh = ticker(5, 1)
    await fresh.aclose()
    try:
        await squares(1)
    except TypeError as err:
        print("TypeError:", err)
    await t
    async def bad():
        try:
            yield 1
        except GeneratorExit:
            yield 2
    b = bad()
    await b.__anext__()
    try:
        await b.aclose()
    except RuntimeError as err:
        print("RuntimeError:", err)

asyncio.run(main())

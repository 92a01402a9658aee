import asyncio


async def stream():
    try:
        for i in range(10):
            yield i
            await asyncio.sleep(0.1)
    finally:
        print("stream finally")


async def main():
    gen = stream()
    async for v in gen:
        print("got", v)
        if v == 2:
            break
    print("loop left at", round(asyncio.get_running_loop().time(), 3))
    await gen.aclose()
    print("after aclose")
    try:
        await anext(gen)
    except StopAsyncIteration:
        print("closed generator is exhausted")


asyncio.run(main())

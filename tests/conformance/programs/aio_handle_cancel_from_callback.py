import asyncio

handles = []


def tick(n):
    print("tick", n, "at", asyncio.get_running_loop().time())
    if n == 2:
        handles[3].cancel()
        print("tick 2 cancelled tick 3")


async def main():
    loop = asyncio.get_running_loop()
    for n in range(5):
        handles.append(loop.call_later(n * 0.5, tick, n))
    same = [loop.call_soon(print, "same iteration", i) for i in range(3)]
    same[1].cancel()
    await asyncio.sleep(3)


asyncio.run(main())

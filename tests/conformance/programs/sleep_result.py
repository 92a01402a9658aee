import asyncio


async def main():
    a = await asyncio.sleep(0, result="zero")
    print("sleep(0) returned", repr(a))
    b = await asyncio.sleep(0.5, result=42)
    print("sleep(0.5) returned", b)
    c = await asyncio.sleep(0.25)
    print("sleep without result returned", c)
    t = asyncio.create_task(asyncio.sleep(1, result=[1, 2, 3]))
    print("task result:", await t, t.result())
    pair = await asyncio.gather(asyncio.sleep(0.1, "x"), asyncio.sleep(0.2, result=("y", 2)))
    print(pair)


asyncio.run(main())

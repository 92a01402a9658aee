import asyncio


async def coro(x):
    await asyncio.sleep(x)
    return x


async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.ensure_future(coro(1))
    print("coroutine -> Task:", isinstance(t, asyncio.Task), t.get_name())
    print("task passes through:", asyncio.ensure_future(t) is t)
    f = loop.create_future()
    print("future passes through:", asyncio.ensure_future(f) is f)
    f.set_result("f")
    print(await t, await f)
    try:
        asyncio.ensure_future(42)
    except TypeError as e:
        print("TypeError:", e)


asyncio.run(main())

import asyncio


def plain():
    return 1


async def main():
    loop = asyncio.get_running_loop()
    for bad in (5, "text", plain()):
        try:
            asyncio.create_task(bad)
        except TypeError as e:
            print("create_task:", e)
    try:
        loop.call_soon(42)
    except TypeError as e:
        print("call_soon:", e)
    try:
        await asyncio.gather(1)
    except TypeError as e:
        print("gather:", e)
    try:
        await 3
    except TypeError as e:
        print("await:", e)


try:
    asyncio.run(7)
except ValueError as e:
    print("run:", e)
asyncio.run(main())

import asyncio


async def failing():
    await asyncio.sleep(1)
    raise ValueError("broken")


async def sibling():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("sibling cancelled at", asyncio.get_running_loop().time())
        raise
    finally:
        print("sibling finally")


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            s = tg.create_task(sibling())
            tg.create_task(failing())
            await asyncio.sleep(5)
            print("not reached")
    except* ValueError as eg:
        print("caught", repr(eg))
        print("inner", [repr(e) for e in eg.exceptions])
    print("sibling cancelled:", s.cancelled())
    print("time", asyncio.get_running_loop().time())


asyncio.run(main())

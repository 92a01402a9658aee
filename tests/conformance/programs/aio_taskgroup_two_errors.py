import asyncio


async def boom(exc, d):
    await asyncio.sleep(d)
    raise exc


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(boom(ValueError("v"), 1))
            tg.create_task(boom(TypeError("t"), 1))
            tg.create_task(boom(KeyError("k"), 3))
    except ExceptionGroup as eg:
        print(type(eg).__name__, str(eg))
        for e in eg.exceptions:
            print(" -", type(e).__name__, e)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(boom(ValueError("a"), 0))
            tg.create_task(boom(ValueError("b"), 0))
    except* TypeError:
        print("no TypeError here")
    except* ValueError as eg:
        print("ValueErrors:", [str(e) for e in eg.exceptions])


asyncio.run(main())

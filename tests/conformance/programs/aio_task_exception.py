import asyncio


async def ok():
    await asyncio.sleep(0.1)
    return "fine"


async def bad():
    await asyncio.sleep(0.2)
    raise IndexError("out of range")


async def forever():
    await asyncio.sleep(100)


async def main():
    t1 = asyncio.create_task(ok())
    t2 = asyncio.create_task(bad())
    t3 = asyncio.create_task(forever())
    try:
        t1.exception()
    except asyncio.InvalidStateError as e:
        print("pending:", e)
    await asyncio.sleep(1)
    print("ok ->", repr(t1.exception()))
    print("bad ->", repr(t2.exception()))
    t3.cancel()
    await asyncio.sleep(0)
    try:
        t3.exception()
    except asyncio.CancelledError:
        print("cancelled task: exception() raises CancelledError")
    try:
        t2.result()
    except IndexError as e:
        print("result() re-raises:", e)


asyncio.run(main())

import asyncio


async def bad():
    raise OSError("disk on fire")


async def main():
    a = asyncio.create_task(bad())
    b = asyncio.create_task(bad())
    c = asyncio.create_task(bad())
    await asyncio.sleep(0.1)
    print("a.exception():", repr(a.exception()))
    print("b.cancel() on a finished task:", b.cancel())
    del a, b
    print("a and b dropped silently; dropping c")
    c = None
    print("end")


asyncio.run(main())

import asyncio


async def fails(tag):
    await asyncio.sleep(0.5)
    raise ValueError(tag)


async def main():
    t = asyncio.create_task(fails("kept in a variable"))
    await asyncio.sleep(1)
    print("task done:", t.done(), "- dropping the last reference")
    del t
    print("after del")
    await asyncio.sleep(1)
    print("main ends")


asyncio.run(main())

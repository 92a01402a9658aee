import asyncio


async def square(x, d):
    await asyncio.sleep(d)
    print("square", x, "at", asyncio.get_running_loop().time())
    return x * x


async def main():
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(square(3, 2))
        t2 = tg.create_task(square(4, 1), name="four")
        t3 = tg.create_task(square(5, 1))
        print("created", t1.get_name(), t2.get_name(), t3.get_name())
    print("after the block at", asyncio.get_running_loop().time())
    print(t1.result(), t2.result(), t3.result())
    async with asyncio.TaskGroup() as tg:
        pass
    print("empty group fine")


asyncio.run(main())

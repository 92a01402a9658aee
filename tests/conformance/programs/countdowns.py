import asyncio


async def countdown(name, n, delay):
    while n > 0:
        print(f"{name}: {n}")
        await asyncio.sleep(delay)
        n -= 1
    print(f"{name}: liftoff!")
    return name


async def main():
    loop = asyncio.get_running_loop()
    t1 = asyncio.create_task(countdown("A", 3, 1))
    t2 = asyncio.create_task(countdown("B", 4, 0.6))
    print("both started", t1.get_name(), t2.get_name())
    first = await t1
    print(first, "finished at", loop.time(), "B done?", t2.done())
    second = await t2
    print(second, "finished at", loop.time())


asyncio.run(main())

import asyncio


async def worker(name, d):
    try:
        await asyncio.sleep(d)
        print(name, "finished at", asyncio.get_running_loop().time())
    except asyncio.CancelledError:
        print(name, "cancelled at", asyncio.get_running_loop().time())
        raise


async def main():
    try:
        async with asyncio.timeout(1.5):
            async with asyncio.TaskGroup() as tg:
                tg.create_task(worker("quick", 1))
                tg.create_task(worker("slow", 3))
    except TimeoutError:
        print("the whole group timed out")
    print("time", asyncio.get_running_loop().time())


asyncio.run(main())

import asyncio


async def worker(n, kind):
    await asyncio.sleep(n)
    if kind == 1:
        raise ValueError(f"worker {n} failed")
    raise OSError(f"worker {n} io")


async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(worker(1, 1))
        tg.create_task(worker(1, 2))
    print("not reached")


asyncio.run(main())

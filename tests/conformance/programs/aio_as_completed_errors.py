import asyncio


async def task(n):
    await asyncio.sleep(n / 4)
    if n % 2:
        raise ValueError(n)
    return n


async def main():
    ts = [asyncio.create_task(task(n)) for n in (4, 1, 3, 2)]
    for aw in asyncio.as_completed(ts):
        try:
            print("ok", await aw)
        except ValueError as e:
            print("failed", e.args[0])
    print("t", asyncio.get_running_loop().time())


asyncio.run(main())

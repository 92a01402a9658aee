import asyncio


def check(value):
    if value > 2:
        raise RuntimeError(f"value {value} is too large")
    return value * 10


def convert(values):
    return [check(v) for v in values]


async def worker(values):
    await asyncio.sleep(0.5)
    print("worker converting", values)
    return convert(values)


async def main():
    print(await asyncio.create_task(worker([1, 2])))
    t = asyncio.create_task(worker([1, 3]))
    print(await t)


asyncio.run(main())

import asyncio


def validate(x):
    if x > 2:
        raise OverflowError(f"{x} is too big")
    return x


async def step(x):
    await asyncio.sleep(x / 10)
    return validate(x)


async def main():
    results = await asyncio.gather(step(1), step(3), step(2))
    print(results)


asyncio.run(main())

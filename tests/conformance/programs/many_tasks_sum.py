import asyncio


async def square(n):
    await asyncio.sleep(n % 3 * 0.1)
    return n * n


async def main():
    tasks = [asyncio.create_task(square(n)) for n in range(10)]
    total = 0
    for t in tasks:
        total += await t
    print("sum of squares", total)
    names = [t.get_name() for t in tasks]
    print(names[0], names[-1], len(names))
    values = await asyncio.gather(*[square(n) for n in range(5)])
    print(values, sum(values), max(values))


asyncio.run(main())

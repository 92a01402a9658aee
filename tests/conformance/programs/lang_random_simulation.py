import asyncio
import random


async def worker(name, rng_draws):
    total = 0
    for d in rng_draws:
        await asyncio.sleep(d)
        total += d
    print(name, "worked", round(total, 6))
    return total


async def main():
    random.seed(99)
    plans = {f"w{i}": [random.randint(1, 3) / 4 for _ in range(3)] for i in range(3)}
    print(plans)
    res = await asyncio.gather(*(worker(n, p) for n, p in plans.items()))
    print(res, asyncio.get_running_loop().time())
    print(random.random())


asyncio.run(main())

import asyncio

PRICES = {"apple": 3, "pear": 4}


async def price_of(name):
    await asyncio.sleep(0)
    return PRICES[name]


async def main():
    total = 0
    for fruit in ["apple", "pear", "kiwi"]:
        p = await price_of(fruit)
        print(f"{fruit:>6}: {p}")
        total += p
    print("total", total)


asyncio.run(main())

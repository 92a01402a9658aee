import asyncio


async def leaf(name, delay):
    await asyncio.sleep(delay)
    print("leaf", name)
    return name


async def branch(prefix, n):
    names = [prefix + str(i) for i in range(n)]
    return await asyncio.gather(*[leaf(nm, 0.1 * (n - i)) for i, nm in enumerate(names)])


async def main():
    loop = asyncio.get_running_loop()
    tree = await asyncio.gather(branch("a", 2), branch("b", 3), leaf("solo", 0.05))
    print(tree)
    print("at", loop.time())
    inner = asyncio.gather(leaf("x", 0), leaf("y", 0))
    outer = await asyncio.gather(inner, leaf("z", 0))
    print(outer)


asyncio.run(main())

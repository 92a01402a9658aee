import asyncio


async def runner(name, barrier, d):
    await asyncio.sleep(d)
    print(name, "arrives; waiting", barrier.n_waiting)
    idx = await barrier.wait()
    print(name, "passes with index", idx, "at", asyncio.get_running_loop().time())
    return idx


async def main():
    b = asyncio.Barrier(3)
    print("parties", b.parties, "broken", b.broken)
    res = await asyncio.gather(*(runner(f"r{i}", b, d) for i, d in enumerate([2, 1, 3])))
    print("indices", res)
    res = await asyncio.gather(*(runner(f"s{i}", b, 0) for i in range(3)))
    print("second round", res, "n_waiting", b.n_waiting)


asyncio.run(main())

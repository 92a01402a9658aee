import asyncio


async def download(i, sem, active, peak):
    async with sem:
        active[0] += 1
        peak[0] = max(peak[0], active[0])
        await asyncio.sleep(0.1 * (i % 3 + 1))
        active[0] -= 1
        return i


async def main():
    sem = asyncio.Semaphore(3)
    active, peak = [0], [0]
    res = await asyncio.gather(*(download(i, sem, active, peak) for i in range(10)))
    print(res)
    print("peak concurrency", peak[0], "end time", round(asyncio.get_running_loop().time(), 6))


asyncio.run(main())

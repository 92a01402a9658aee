import asyncio


async def nap(d):
    await asyncio.sleep(d)


def names():
    return sorted(t.get_name() for t in asyncio.all_tasks())


async def main():
    print("alone:", names())
    tasks = [asyncio.create_task(nap(d), name=f"nap{d}") for d in (1, 2, 3)]
    print("with three:", names())
    await asyncio.sleep(1.5)
    print("at 1.5:", names())
    tasks[2].cancel()
    await asyncio.sleep(0)
    print("after cancel:", names())
    await tasks[1]
    print("end:", names(), len(asyncio.all_tasks()))


asyncio.run(main())

import asyncio


async def fetch(name, d):
    await asyncio.sleep(d)
    return f"{name}@{d}"


async def main():
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(fetch(n, d)) for n, d in
             [("a", 3), ("b", 1), ("c", 2), ("d", 1), ("e", 0)]]
    for i, aw in enumerate(asyncio.as_completed(tasks)):
        r = await aw
        print(i, r, "at", loop.time())
    print("all done", [t.done() for t in tasks])


asyncio.run(main())

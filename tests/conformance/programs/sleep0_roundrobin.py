import asyncio


async def worker(name, rounds):
    for i in range(rounds):
        print(name, "round", i)
        await asyncio.sleep(0)
    print(name, "done")


async def main():
    tasks = []
    for name, rounds in [("w1", 3), ("w2", 1), ("w3", 2)]:
        tasks.append(asyncio.create_task(worker(name, rounds)))
    print("main yields once")
    await asyncio.sleep(0)
    print("main back, done flags:", [t.done() for t in tasks])
    for t in tasks:
        await t
    print("all done")


asyncio.run(main())

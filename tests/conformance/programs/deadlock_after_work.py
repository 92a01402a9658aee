import asyncio

tasks = []


async def stuck():
    await asyncio.sleep(1)
    print("stuck: now waiting for a task that waits for me", flush=True)
    await tasks[1]


async def waits_for_stuck():
    await tasks[0]


async def main():
    tasks.append(asyncio.create_task(stuck()))
    tasks.append(asyncio.create_task(waits_for_stuck()))
    print("main: gathering", end=" ")
    print("...", end="")
    await asyncio.gather(tasks[0], tasks[1])


asyncio.run(main())
print("never printed")

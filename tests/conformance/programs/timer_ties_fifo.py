import asyncio


async def sleeper(i, delay):
    await asyncio.sleep(delay)
    print("woke", i, end="; ")


def stamp(label):
    print("timer", label)


async def main():
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(sleeper(i, 1)) for i in range(6)]
    await asyncio.gather(*tasks)
    print()
    when = loop.time() + 0.5
    for label in ["p", "q", "r", "s", "t"]:
        loop.call_at(when, stamp, label)
    loop.call_later(0.5, stamp, "u (call_later, same deadline)")
    await asyncio.sleep(0.5)
    print("main wakes after all six timers: its own timer was created last")
    await asyncio.sleep(0)
    print("done at", loop.time())


asyncio.run(main())

import asyncio


async def waiter(name, ev):
    print(name, "waiting")
    r = await ev.wait()
    print(name, "woke up, wait() returned", r)


async def main():
    ev = asyncio.Event()
    print("is_set", ev.is_set())
    ws = [asyncio.create_task(waiter(f"w{i}", ev)) for i in range(3)]
    await asyncio.sleep(1)
    ev.set()
    ev.set()
    print("set at", asyncio.get_running_loop().time())
    await asyncio.gather(*ws)
    print("already set:", await ev.wait())
    ev.clear()
    print("cleared", ev.is_set())
    t = asyncio.create_task(waiter("late", ev))
    await asyncio.sleep(0.5)
    ev.set()
    ev.clear()
    await t
    print("woken even though cleared again")


asyncio.run(main())

import asyncio


async def consumer(name, cond, box):
    async with cond:
        print(name, "waits")
        await cond.wait()
        print(name, "notified, box =", box)


async def main():
    cond = asyncio.Condition()
    box = []
    cs = [asyncio.create_task(consumer(f"c{i}", cond, box)) for i in range(4)]
    await asyncio.sleep(0)
    async with cond:
        box.append(1)
        cond.notify()
    await asyncio.sleep(0.1)
    async with cond:
        box.append(2)
        cond.notify(2)
    await asyncio.sleep(0.1)
    async with cond:
        box.append(3)
        cond.notify_all()
    await asyncio.gather(*cs)
    try:
        cond.notify()
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())

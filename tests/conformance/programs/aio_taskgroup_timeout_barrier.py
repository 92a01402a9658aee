import asyncio

async def work(n, d, fail=False):
    try:
        await asyncio.sleep(d)
    except asyncio.CancelledError:
        print("cancelled", n)
        raise
    if fail:
        raise ValueError(f"bad {n}")
    print("done", n)
    return n

async def main():
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(work(1, 0.1))
        b = tg.create_task(work(2, 0.2), name="second")
    print(a.result(), b.result(), b.get_name())
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(work(3, 0.5))
            tg.create_task(work(4, 0.1, fail=True))
            tg.create_task(work(5, 1))
    except* ValueError as eg:
        print("caught", [str(e) for e in eg.exceptions])
    try:
        async with asyncio.timeout(0.5) as cm:
            await asyncio.sleep(2)
    except TimeoutError:
        print("timed out", cm.expired())
    async with asyncio.timeout(None) as cm:
        cm.reschedule(asyncio.get_running_loop().time() + 10)
        await asyncio.sleep(1)
    print("no timeout", cm.expired(), cm.when())
    b = asyncio.Barrier(3)
    async def party(i):
        print("arrive", i)
        idx = await b.wait()
        print("passed", i, idx)
    await asyncio.gather(*(party(i) for i in range(3)))
    cond = asyncio.Condition()
    state = []
    async def consumer():
        async with cond:
            await cond.wait_for(lambda: len(state) >= 2)
            print("state", state)
    t = asyncio.create_task(consumer())
    for i in range(3):
        await asyncio.sleep(0.1)
        async with cond:
            state.append(i)
            cond.notify_all()
    await t
    lock = asyncio.Lock()
    async with lock:
        print("locked", lock.locked())
    print("unlocked", lock.locked())

asyncio.run(main())

import asyncio

async def getter(q, n):
    try:
        v = await q.get()
        print("getter", n, "got", v)
    except asyncio.CancelledError:
        print("getter", n, "cancelled")
        raise

async def locker(lock, n):
    try:
        await lock.acquire()
        print("locker", n, "acquired")
        await asyncio.sleep(0)
        lock.release()
    except asyncio.CancelledError:
        print("locker", n, "cancelled", lock.locked())
        raise

async def main():
    q = asyncio.Queue()
    ts = [asyncio.create_task(getter(q, i)) for i in range(3)]
    await asyncio.sleep(0)
    q.put_nowait("a")
    ts[0].cancel()          # cancel the task whose getter was just woken
    q.put_nowait("b")
    await asyncio.gather(*ts, return_exceptions=True)
    print(q.qsize(), str(q))
    lock = asyncio.Lock()
    await lock.acquire()
    ls = [asyncio.create_task(locker(lock, i)) for i in range(3)]
    await asyncio.sleep(0)
    lock.release()
    ls[0].cancel()
    res = await asyncio.gather(*ls, return_exceptions=True)
    print([type(r).__name__ for r in res], lock.locked())
    sem = asyncio.Semaphore(0)
    async def s(n):
        await sem.acquire()
        print("sem", n)
    ss = [asyncio.create_task(s(i)) for i in range(3)]
    await asyncio.sleep(0)
    sem.release()
    ss[0].cancel()
    sem.release()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print([t.done() for t in ss], sem.locked())
    for t in ss:
        t.cancel()
    qq = asyncio.Queue(1)
    await qq.put(1)
    p = asyncio.create_task(qq.put(2))
    await asyncio.sleep(0)
    print(str(qq))
    p.cancel()
    await asyncio.sleep(0)
    print(str(qq), p.cancelled())

asyncio.run(main())

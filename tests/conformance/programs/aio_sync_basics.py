import asyncio

async def worker(name, lock, log):
    print(name, "wants lock", lock.locked())
    await lock.acquire()
    try:
        print(name, "has lock")
        await asyncio.sleep(0.1)
        log.append(name)
    finally:
        lock.release()
        print(name, "released")

async def waiter(ev, n):
    print("waiting", n)
    r = await ev.wait()
    print("woke", n, r)

async def sem_user(sem, n):
    await sem.acquire()
    print("sem in", n)
    await asyncio.sleep(0.5)
    sem.release()
    print("sem out", n)

async def producer(q):
    for i in range(5):
        await q.put(i)
        print("put", i, str(q))
    await q.put(None)

async def consumer(q):
    while True:
        item = await q.get()
        q.task_done()
        if item is None:
            break
        print("got", item)
        await asyncio.sleep(0.2)

async def cond_waiter(cond, n):
    await cond.acquire()
    print("cw", n, "waiting")
    r = await cond.wait()
    print("cw", n, "woke", r, cond.locked())
    cond.release()

async def main():
    lock = asyncio.Lock()
    log = []
    await asyncio.gather(*(worker(f"w{i}", lock, log) for i in range(3)))
    print(log)
    ev = asyncio.Event()
    ts = [asyncio.create_task(waiter(ev, i)) for i in range(3)]
    await asyncio.sleep(1)
    ev.set()
    await asyncio.gather(*ts)
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(sem_user(sem, i) for i in range(4)))
    q = asyncio.Queue(maxsize=2)
    await asyncio.gather(producer(q), consumer(q))
    await q.join()
    pq = asyncio.PriorityQueue()
    for x in [5, 1, 4, 1, 3]:
        pq.put_nowait((x, str(x)))
    print([pq.get_nowait() for _ in range(5)])
    lq = asyncio.LifoQueue()
    for x in range(3):
        lq.put_nowait(x)
    print(lq.get_nowait(), lq.qsize())
    try:
        asyncio.Queue().get_nowait()
    except asyncio.QueueEmpty as e:
        print("empty", repr(e))
    cond = asyncio.Condition()
    ts = [asyncio.create_task(cond_waiter(cond, i)) for i in range(3)]
    await asyncio.sleep(0)
    await cond.acquire()
    cond.notify(2)
    cond.release()
    await asyncio.sleep(0)
    await cond.acquire()
    cond.notify_all()
    cond.release()
    await asyncio.gather(*ts)
    bs = asyncio.BoundedSemaphore(1)
    try:
        bs.release()
    except ValueError as e:
        print("VE", e)
    t = asyncio.create_task(lock.acquire())
    await asyncio.sleep(0)
    print(t.result(), lock.locked())
    t2 = asyncio.create_task(lock.acquire())
    await asyncio.sleep(0)
    t2.cancel()
    await asyncio.sleep(0)
    print(t2.cancelled(), lock.locked())

asyncio.run(main())

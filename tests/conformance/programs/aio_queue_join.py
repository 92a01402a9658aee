import asyncio


async def worker(name, q):
    while True:
        job = await q.get()
        await asyncio.sleep(job)
        print(name, "finished job", job, "at", asyncio.get_running_loop().time())
        q.task_done()


async def main():
    q = asyncio.Queue()
    for j in (0.5, 1, 0.25, 2, 0.5):
        q.put_nowait(j)
    workers = [asyncio.create_task(worker(f"w{i}", q)) for i in range(2)]
    await q.join()
    print("all jobs done at", asyncio.get_running_loop().time())
    await q.join()
    print("second join returns at once")
    for w in workers:
        w.cancel()
    res = await asyncio.gather(*workers, return_exceptions=True)
    print([type(r).__name__ for r in res])


asyncio.run(main())

import asyncio

async def job(n, d, fail=False):
    await asyncio.sleep(d)
    if fail:
        raise ValueError(n)
    return n

async def main():
    ts = [asyncio.create_task(job(i, 0.1 * (3 - i)), name=f"J{i}") for i in range(3)]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    print(sorted(t.get_name() for t in done), sorted(t.get_name() for t in pending))
    done, pending = await asyncio.wait(ts, timeout=0.15)
    print(sorted(t.get_name() for t in done), sorted(t.get_name() for t in pending))
    done, pending = await asyncio.wait(ts)
    print(sorted(t.result() for t in done), len(pending))
    fs = [asyncio.create_task(job(i, 0.3 - 0.1 * i, fail=(i == 1))) for i in range(3)]
    done, pending = await asyncio.wait(fs, return_when=asyncio.FIRST_EXCEPTION)
    print(len(done), len(pending))
    for c in asyncio.as_completed([job(i, 1 - 0.2 * i) for i in range(4)]):
        print("as_completed", await c)
    try:
        for c in asyncio.as_completed([job(9, 5)], timeout=1):
            await c
    except asyncio.TimeoutError:
        print("as_completed timeout")
    inner = asyncio.create_task(job("inner", 1))
    outer = asyncio.shield(inner)
    await asyncio.sleep(0.5)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        print("outer cancelled; inner done?", inner.done())
    print("inner", await inner)
    t = asyncio.create_task(asyncio.wait_for(job("w", 2), 1))
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("wait_for cancelled", t.cancelled())
    print(await asyncio.wait_for(job("zero", 0), 0))
    try:
        await asyncio.wait_for(job("neg", 1), -1)
    except TimeoutError as e:
        print("neg timeout", type(e.__cause__).__name__)
    print(len(asyncio.all_tasks()), asyncio.isfuture(t), asyncio.iscoroutine(job(1, 1)))
    f = asyncio.ensure_future(job("ef", 0.1))
    print(await f, f.get_name())

asyncio.run(main())

import asyncio


async def fetch(d):
    await asyncio.sleep(d)
    if d == 2:
        raise KeyError(d)
    return d


async def main():
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(fetch(d), name=f"f{d}") for d in (1, 2, 5)]
    got = []
    try:
        for aw in asyncio.as_completed(tasks, timeout=3):
            try:
                got.append(await aw)
            except KeyError as e:
                print("error from a task:", repr(e), loop.time())
    except asyncio.TimeoutError:
        print("as_completed timed out at", loop.time())
    print("got", got)
    print("f5 still running:", not tasks[2].done())
    tasks[2].cancel()
    await asyncio.sleep(0)
    print("f5 cancelled:", tasks[2].cancelled())


asyncio.run(main())

import asyncio


async def job(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        print("job", name, "raising")
        raise ValueError(f"job {name} failed")
    print("job", name, "ok")
    return name


async def main():
    loop = asyncio.get_running_loop()
    try:
        res = await asyncio.gather(job("a", 0.2), job("b", 0.1, True), job("c", 0.3))
        print("not reached", res)
    except ValueError as e:
        print("main caught", repr(e), "at", loop.time())
    print("the other jobs keep running")
    await asyncio.sleep(0.5)
    print("main done at", loop.time())


asyncio.run(main())

import asyncio


async def quick():
    print("quick body runs")
    return 7


async def main():
    try:
        r = await asyncio.wait_for(quick(), 0)
        print("result", r)
    except TimeoutError:
        print("timeout 0: coroutine not allowed to finish")
    t = asyncio.create_task(quick())
    await asyncio.sleep(0)
    print("task done before wait_for:", t.done())
    print("wait_for done task:", await asyncio.wait_for(t, 0))
    try:
        await asyncio.wait_for(asyncio.sleep(1), -1)
    except TimeoutError:
        print("negative timeout -> TimeoutError")


asyncio.run(main())

import asyncio


async def main():
    cond = asyncio.Condition()
    state = {"ready": False}

    async def waiter():
        async with cond:
            await cond.wait_for(lambda: state["ready"])
            return "ready seen"

    try:
        await asyncio.wait_for(waiter(), 1)
    except TimeoutError:
        print("predicate never true: timed out at", asyncio.get_running_loop().time())
    print("lock released after the timeout:", not cond.locked())
    t = asyncio.create_task(waiter())
    await asyncio.sleep(0.5)
    async with cond:
        state["ready"] = True
        cond.notify_all()
    print(await t, asyncio.get_running_loop().time())


asyncio.run(main())

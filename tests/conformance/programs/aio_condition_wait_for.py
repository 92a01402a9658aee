import asyncio


async def wait_for_level(cond, state, level):
    async with cond:
        r = await cond.wait_for(lambda: state["level"] >= level)
        print("level", level, "reached:", state["level"], "predicate ->", r)


async def main():
    cond = asyncio.Condition()
    state = {"level": 0}
    ws = [asyncio.create_task(wait_for_level(cond, state, lv)) for lv in (3, 1, 2)]
    for _ in range(4):
        await asyncio.sleep(1)
        async with cond:
            state["level"] += 1
            print("raised to", state["level"], "at", asyncio.get_running_loop().time())
            cond.notify_all()
    await asyncio.gather(*ws)


asyncio.run(main())

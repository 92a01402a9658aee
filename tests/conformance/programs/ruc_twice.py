import asyncio


async def step(name, delay):
    await asyncio.sleep(delay)
    print(name, "at", asyncio.get_running_loop().time())
    return name * 2


loop = asyncio.new_event_loop()
print(loop.run_until_complete(step("one", 0.5)))
print("between runs, loop.time() =", loop.time())
print(loop.run_until_complete(step("two", 0.25)))


async def both():
    return await asyncio.gather(step("g1", 0.1), step("g2", 0.2))


print(loop.run_until_complete(both()))
loop.close()

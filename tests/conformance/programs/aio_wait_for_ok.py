import asyncio


async def compute(x, delay):
    await asyncio.sleep(delay)
    print(f"compute({x}) done at {asyncio.get_running_loop().time()}")
    return x * 10


async def main():
    r = await asyncio.wait_for(compute(1, 0.5), timeout=2)
    print("result", r)
    t = asyncio.create_task(compute(2, 1))
    r = await asyncio.wait_for(t, 5)
    print("result", r, t.done(), t.get_name())
    r = await asyncio.wait_for(compute(3, 0), None)
    print("no timeout", r)
    fut = asyncio.get_running_loop().create_future()
    fut.set_result("ready")
    print("done future", await asyncio.wait_for(fut, 0))


asyncio.run(main())

import asyncio


async def explode(d):
    await asyncio.sleep(d)
    raise ArithmeticError(f"exploded after {d}")


async def main():
    try:
        await asyncio.wait_for(explode(0.5), timeout=1)
    except ArithmeticError as e:
        print("inner error passes through:", e, asyncio.get_running_loop().time())
    try:
        await asyncio.wait_for(explode(1), timeout=1)
    except ArithmeticError as e:
        print("error at the deadline:", e)
    except TimeoutError:
        print("timeout at the deadline", asyncio.get_running_loop().time())


asyncio.run(main())

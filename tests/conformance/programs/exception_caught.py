import asyncio


async def risky(n):
    await asyncio.sleep(0.1)
    if n % 2:
        raise ValueError(f"odd number {n}")
    return n


async def main():
    for n in range(4):
        t = asyncio.create_task(risky(n))
        try:
            print("ok", await t)
        except ValueError as e:
            print("caught", repr(e), "task done:", t.done())
    try:
        await risky(5)
    except Exception as e:
        print("direct await caught", e)
    finally:
        print("finally after direct await")


asyncio.run(main())

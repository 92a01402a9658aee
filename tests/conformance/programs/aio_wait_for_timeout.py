import asyncio


async def slow(name):
    try:
        print(name, "started")
        await asyncio.sleep(10)
        print(name, "finished (never)")
    except asyncio.CancelledError:
        print(name, "cancelled at", asyncio.get_running_loop().time())
        raise
    finally:
        print(name, "finally")


async def main():
    try:
        await asyncio.wait_for(slow("a"), timeout=1.5)
    except asyncio.TimeoutError as e:
        print("timeout:", type(e).__name__, repr(e), e.args)
    t = asyncio.create_task(slow("b"))
    try:
        await asyncio.wait_for(t, 0.25)
    except TimeoutError:
        print("builtin TimeoutError caught too")
    print("b cancelled:", t.cancelled(), "done:", t.done())
    print("is same class:", asyncio.TimeoutError is TimeoutError)


asyncio.run(main())

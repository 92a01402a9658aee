import asyncio


async def compute(x):
    await asyncio.sleep(0.1 * x)
    return x * x


async def main():
    t = asyncio.create_task(compute(3), name="square-3")
    u = asyncio.create_task(compute(1))
    print(t.get_name(), u.get_name())
    print("done before:", t.done(), u.done(), "cancelled:", t.cancelled())
    await asyncio.sleep(0.15)
    print("after 0.15:", t.done(), u.done())
    print("u.result() =", u.result())
    r = await t
    print("await t ->", r, "t.result() ->", t.result(), "done:", t.done())
    print("await t again ->", await t)
    print("cancel finished task ->", t.cancel(), "cancelled:", t.cancelled())


asyncio.run(main())

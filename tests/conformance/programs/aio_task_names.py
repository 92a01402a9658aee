import asyncio


async def who():
    t = asyncio.current_task()
    print("I am", t.get_name())
    await asyncio.sleep(0)
    print("now I am", t.get_name())


async def main():
    print("main is", asyncio.current_task().get_name())
    a = asyncio.create_task(who())
    b = asyncio.create_task(who(), name="bravo")
    c = asyncio.create_task(who(), name=123)
    print(a.get_name(), b.get_name(), repr(c.get_name()))
    await asyncio.sleep(0)
    a.set_name("alpha")
    c.set_name(("tu", 1))
    await asyncio.gather(a, b, c)
    d = asyncio.ensure_future(who())
    print("ensure_future name", d.get_name())
    await d


asyncio.run(main())

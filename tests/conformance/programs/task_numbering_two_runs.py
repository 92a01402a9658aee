import asyncio


async def child(tag):
    await asyncio.sleep(0)
    return tag


async def main(label):
    t1 = asyncio.create_task(child("a"))
    t2 = asyncio.create_task(child("b"), name="named-child")
    t3 = asyncio.create_task(child("c"))
    print(label, "children:", t1.get_name(), t2.get_name(), t3.get_name())
    print(label, "results:", await t1, await t2, await t3)
    both = await asyncio.gather(child("g1"), child("g2"))
    print(label, "gather:", both)


asyncio.run(main("first run"))
asyncio.run(main("second run"))

import asyncio


async def job(tag):
    print("job", tag, "runs at", asyncio.get_running_loop().time())
    return tag


def spawn(loop, tag, box):
    print("callback spawning", tag)
    box.append(loop.create_task(job(tag)))


async def main():
    loop = asyncio.get_running_loop()
    box = []
    loop.call_soon(spawn, loop, "soon", box)
    loop.call_later(1, spawn, loop, "later", box)
    await asyncio.sleep(2)
    print([await t for t in box], [t.get_name() for t in box])


asyncio.run(main())

import asyncio


async def job(name, delay):
    print("start", name)
    await asyncio.sleep(delay)
    print("finish", name)
    return name.upper()


async def main():
    loop = asyncio.get_running_loop()
    res = await asyncio.gather(job("slow", 0.3), job("fast", 0.1), job("mid", 0.2))
    print("results in argument order:", res, "at", loop.time())
    empty = await asyncio.gather()
    print("empty gather:", empty)
    t = asyncio.create_task(job("task", 0.05))
    mixed = await asyncio.gather(t, job("coro", 0.05))
    print("mixed:", mixed)


asyncio.run(main())

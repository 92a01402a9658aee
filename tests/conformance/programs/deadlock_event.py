import asyncio


async def waiter(ev, name):
    await ev.wait()
    print(name, "released")


async def main():
    ev = asyncio.Event()
    print("nobody will set the event")
    await asyncio.gather(waiter(ev, "a"), waiter(ev, "b"), asyncio.sleep(2))
    print("never")


asyncio.run(main())

import asyncio


async def party(name, b):
    try:
        r = await b.wait()
        print(name, "passed", r)
    except asyncio.CancelledError:
        print(name, "cancelled while waiting; n_waiting", b.n_waiting)
        raise


async def main():
    b = asyncio.Barrier(2)
    first = asyncio.create_task(party("first", b))
    await asyncio.sleep(0.5)
    print("waiting:", b.n_waiting)
    first.cancel()
    await asyncio.gather(first, return_exceptions=True)
    print("after cancel: waiting", b.n_waiting, "broken", b.broken)
    await asyncio.gather(party("a", b), party("b", b))


asyncio.run(main())

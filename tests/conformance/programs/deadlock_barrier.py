import asyncio


async def party(b, i):
    await asyncio.sleep(i)
    print("party", i, "waits")
    await b.wait()


async def main():
    b = asyncio.Barrier(3)
    await asyncio.gather(party(b, 1), party(b, 2))


asyncio.run(main())

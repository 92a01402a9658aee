import asyncio


async def faulty():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("faulty: cleaning up")
        raise RuntimeError("cleanup blew up")


async def main():
    asyncio.create_task(faulty())
    await asyncio.sleep(1)
    print("main done")


asyncio.run(main())
print("program continues")

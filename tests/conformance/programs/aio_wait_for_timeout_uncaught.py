import asyncio

async def slow():
    await asyncio.sleep(5)
    return 1

async def fast():
    await asyncio.sleep(0.5)
    return 2

async def main():
    print(await asyncio.wait_for(fast(), 1))
    try:
        await asyncio.wait_for(slow(), 1)
    except asyncio.TimeoutError:
        print("timeout")
    print(await asyncio.wait_for(fast(), None))
    await asyncio.wait_for(slow(), timeout=2)

asyncio.run(main())

import asyncio


async def helper():
    try:
        await asyncio.sleep(10)
    finally:
        print("helper: finally runs before the traceback is printed")


async def main():
    asyncio.create_task(helper())
    await asyncio.sleep(1)
    numbers = [1, 2, 3]
    print("about to fail")
    print(numbers[5])


asyncio.run(main())

import asyncio

box = []


async def first():
    print("first: waiting for second")
    await box[1]
    print("first: not reached")


async def second():
    print("second: waiting for first")
    await box[0]
    print("second: not reached")


async def main():
    box.append(asyncio.create_task(first()))
    box.append(asyncio.create_task(second()))
    print("main: waiting for first")
    await box[0]
    print("main: not reached")


asyncio.run(main())

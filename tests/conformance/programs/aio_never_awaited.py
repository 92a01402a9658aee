import asyncio

async def say(x):
    print(x)

async def main():
    asyncio.sleep(1)
    for i in range(3):
        say(i)
    await asyncio.sleep(0)
    print("end")

asyncio.run(main())

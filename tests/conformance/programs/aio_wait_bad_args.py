import asyncio


async def job():
    await asyncio.sleep(0.1)
    return 1


async def main():
    t = asyncio.create_task(job())
    try:
        await asyncio.wait([t], return_when="SOMETIMES")
    except ValueError as e:
        print("ValueError:", e)
    c = job()
    try:
        await asyncio.wait([c])
    except TypeError as e:
        print("TypeError:", e)
    c.close()
    print(await t)


asyncio.run(main())

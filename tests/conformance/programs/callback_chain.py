import asyncio


def relay(n, limit):
    print("relay", n)
    if n < limit:
        asyncio.get_event_loop().call_soon(relay, n + 1, limit)


def shout(word):
    print("shout", word)


async def task_body(name):
    for i in range(3):
        print("task", name, i)
        await asyncio.sleep(0)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(relay, 0, 3)
    loop.call_soon(shout, "hey")
    t = asyncio.create_task(task_body("T"))
    loop.call_later(0, shout, "later0")
    await t
    print("main done")


asyncio.run(main())

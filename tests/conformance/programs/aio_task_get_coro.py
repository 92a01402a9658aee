import asyncio


async def work(x):
    await asyncio.sleep(0.1)
    return x + 1


async def main():
    c = work(1)
    t = asyncio.create_task(c)
    print("same coroutine object:", t.get_coro() is c)
    print("coroutine name:", t.get_coro().__name__, t.get_coro().__qualname__)
    print("result", await t)
    print("still there after completion:", t.get_coro() is c)
    print("main coroutine:", asyncio.current_task().get_coro().__name__)


asyncio.run(main())

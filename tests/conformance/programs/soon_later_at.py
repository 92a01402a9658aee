import asyncio


def note(label, n=1):
    print("note:", label, n)


async def main():
    loop = asyncio.get_running_loop()
    now = loop.time()
    loop.call_later(0, note, "call_later(0)")
    loop.call_at(now - 1, note, "call_at(past)")
    loop.call_soon(note, "call_soon A")
    loop.call_at(now, note, "call_at(now)")
    loop.call_soon(note, "call_soon B", 2)
    loop.call_later(0.5, note, "call_later(0.5)")
    loop.call_at(now + 0.25, note, "call_at(now+0.25)")
    print("main scheduled everything, now sleep(0)")
    await asyncio.sleep(0)
    print("main after sleep(0)")
    await asyncio.sleep(1)
    print("main after sleep(1)")


asyncio.run(main())

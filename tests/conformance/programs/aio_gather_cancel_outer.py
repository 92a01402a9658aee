import asyncio


async def child(name, d):
    try:
        await asyncio.sleep(d)
        print(name, "finished")
        return name
    except asyncio.CancelledError:
        print(name, "cancelled by the gather")
        raise


async def main():
    g = asyncio.gather(child("fast", 0.5), child("slow", 2))
    await asyncio.sleep(1)
    print("cancel gather ->", g.cancel())
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled:", g.cancelled())
    g2 = asyncio.gather(child("x", 1), child("y", 1), return_exceptions=True)
    await asyncio.sleep(0.5)
    g2.cancel()
    try:
        print(await g2)
    except asyncio.CancelledError:
        print("even with return_exceptions the outer is cancelled")


asyncio.run(main())

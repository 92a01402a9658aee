import asyncio

async def forever():
    await asyncio.sleep(100)

async def waiter(ev):
    await ev.wait()

async def main():
    asyncio.create_task(forever())
    global keep
    keep = asyncio.create_task(waiter(asyncio.Event()))
    await asyncio.sleep(1)
    print("main done")

loop = asyncio.new_event_loop()
loop.run_until_complete(main())
loop.close()
print("closed")

import asyncio


async def forever():
    print("forever starts")
    await asyncio.sleep(100)


async def short():
    await asyncio.sleep(1)
    return "short done"


loop = asyncio.new_event_loop()
t = loop.create_task(forever())
print(loop.run_until_complete(short()))
loop.close()
print("loop closed with a pending task; dropping it")
t = None
print("end")

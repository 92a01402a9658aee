import asyncio
import time


async def nap(d):
    loop = asyncio.get_running_loop()
    print("loop starts at", loop.time())
    await asyncio.sleep(d)
    print("loop ends at", loop.time())
    return asyncio.create_task(nap(0)).get_name()


print("first:", asyncio.run(nap(1.5)))
time.sleep(0.5)
print("second:", asyncio.run(nap(0.25)))
print("final clock", time.time())

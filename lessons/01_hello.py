# Hello, event loop
# The smallest asyncio program: one coroutine, one sleep, one loop.
import asyncio


async def hello():
    print("Hello ...")
    await asyncio.sleep(1)
    print("... World!")


loop = asyncio.new_event_loop()
loop.run_until_complete(hello())
loop.close()

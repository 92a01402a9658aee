import asyncio


async def worker(loop, n):
    for i in range(n):
        await asyncio.sleep(1)
        print("worker step", i, "at", loop.time())
    loop.stop()
    print("stop requested")


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
t = loop.create_task(worker(loop, 3))
loop.call_soon(print, "first callback")
print("running:", loop.is_running())
loop.run_forever()
print("run_forever returned at", loop.time(), "task done:", t.done())
loop.call_soon(print, "queued after stop")
loop.call_soon(loop.stop)
loop.run_forever()
print("second run_forever returned")
loop.close()
print("closed", loop.is_closed())

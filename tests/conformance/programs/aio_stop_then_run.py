import asyncio


async def ticker(loop):
    i = 0
    while True:
        print("tick", i, loop.time())
        i += 1
        await asyncio.sleep(1)


loop = asyncio.new_event_loop()
t = loop.create_task(ticker(loop))
loop.call_later(2.5, loop.stop)
loop.run_forever()
print("paused at", loop.time())
loop.call_later(1, loop.stop)
loop.run_forever()
print("paused again at", loop.time())
t.cancel()
try:
    loop.run_until_complete(t)
except asyncio.CancelledError:
    print("ticker cancelled", t.cancelled())
loop.close()
try:
    loop.run_forever()
except RuntimeError as e:
    print("RuntimeError:", e)

import asyncio

loop = asyncio.new_event_loop()
fut = loop.create_future()
loop.call_later(2, fut.set_result, "from a timer")
print(loop.run_until_complete(fut), loop.time())


async def add(a, b):
    await asyncio.sleep(0.5)
    return a + b


print(loop.run_until_complete(add(2, 3)), loop.time())
t = loop.create_task(add(1, 1))
print(loop.run_until_complete(t), t.done())
failing = loop.create_future()
loop.call_soon(failing.set_exception, ValueError("nope"))
try:
    loop.run_until_complete(failing)
except ValueError as e:
    print("raised out of run_until_complete:", e)
loop.close()

import asyncio


def hello(n):
    print("hello", n)


loop = asyncio.new_event_loop()
loop.call_soon(hello, 1)
loop.call_later(0.5, hello, 2)
print("forgot to schedule loop.stop()")
loop.run_forever()
print("never printed")

import asyncio


def say(msg):
    print("callback:", msg)


def finish():
    print("stopping at", loop.time())
    loop.stop()


loop = asyncio.new_event_loop()
loop.call_soon(say, "first")
loop.call_later(1, say, "after one second")
loop.call_later(2, finish)
loop.call_later(3, say, "never (loop closed first)")
print("running forever...")
loop.run_forever()
print("run_forever returned at", loop.time())
loop.close()
print("closed")

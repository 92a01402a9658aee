# SystemExit: .code and .args when caught, then sys.exit(5) raised inside
# the main task ends asyncio.run and the program with status 5.
import asyncio
import sys

for arg in [(), (2,), ("msg",), ((1, 2),)]:
    try:
        sys.exit(*arg)
    except SystemExit as e:
        print("code", repr(e.code), e.args)

async def main():
    await asyncio.sleep(1)
    print("exiting")
    sys.exit(5)

asyncio.run(main())
print("not reached")

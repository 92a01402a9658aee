import asyncio
import sys


async def noisy(name, d):
    await asyncio.sleep(d)
    print(f"[{name}] progress", file=sys.stderr)
    print(name, "result on stdout")
    sys.stderr.write(f"[{name}] done\n")


async def main():
    await asyncio.gather(noisy("a", 1), noisy("b", 0.5))
    print("warning: nothing happened", file=sys.stderr, end="!\n")
    err = sys.stderr
    print("same object:", err is sys.stderr)


asyncio.run(main())

# sys.stdout/stderr, print(file=), functools.partial/reduce, time.gmtime/
# strftime/ctime on the virtual clock, and sys.exit's status.
import asyncio
import functools
import sys
import time

sys.stdout.write("written to stdout\n")
print("to stderr", file=sys.stderr)
sys.stderr.write("direct stderr\n")
print("flushed", flush=True)
print(len(sys.argv), sys.argv[0].endswith("lib_sys_functools_time.py"), sys.version_info[0], sys.version_info[1])

def volume(w, h, d=1, unit="cm"):
    return str(w * h * d) + unit

box = functools.partial(volume, 2, unit="m")
print(box(3), box(3, 4), box(3, unit="mm"), box.args, box.keywords, box.func is volume)
twice = functools.partial(box, 5)
print(twice(), twice.args)

def add(a, b):
    return a + b

print(functools.reduce(add, [1, 2, 3, 4]), functools.reduce(add, [], 10), functools.reduce(add, ["a", "b"], "z"))
try:
    functools.reduce(add, [])
except TypeError as e:
    print("TypeError:", e)

print(time.gmtime(0))
print(time.strftime("%Y-%m-%d %H:%M:%S"), time.ctime())

async def main():
    await asyncio.sleep(3661.5)
    print(time.strftime("%a %d %b %Y %H:%M:%S"), time.localtime().tm_hour, time.gmtime().tm_sec)
    print(time.ctime(), time.asctime(time.gmtime(86400 * 365)))

asyncio.run(main())
print(time.strftime("%j %p %I %y %w %%", time.gmtime(1e9)))
sys.exit(4)

import asyncio
import functools


def power(base, exp, *, mod=None):
    r = base ** exp
    return r % mod if mod else r


square = functools.partial(power, exp=2)
cube_mod = functools.partial(power, exp=3, mod=7)
two_to = functools.partial(power, 2)
print(square(5), cube_mod(4), two_to(10), two_to(exp=3))
print(square.args, sorted(square.keywords.items()), square.func is power)


async def delayed(tag, d):
    await asyncio.sleep(d)
    print("delayed", tag, asyncio.get_running_loop().time())
    return tag


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(functools.partial(print, "partial via call_soon", sep="-"))
    loop.call_later(0.5, functools.partial(print, "partial via call_later"), "extra arg")
    res = await asyncio.gather(*[functools.partial(delayed, t)(d) for t, d in (("a", 1), ("b", 0.5))])
    print(res)


asyncio.run(main())

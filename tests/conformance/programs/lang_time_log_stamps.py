import asyncio
import time


def log(msg):
    t = time.gmtime(time.time())
    print(time.strftime("%H:%M:%S", t), msg)


async def job(name, d):
    log(f"{name} start")
    await asyncio.sleep(d)
    log(f"{name} end")


async def main():
    await asyncio.gather(job("short", 59.5), job("long", 3725))
    for ts in (951782400, 1709164800, 4102444799):
        g = time.gmtime(ts)
        print(ts, time.strftime("%Y-%m-%d %a %j", g), g.tm_wday, g.tm_yday, g.tm_isdst)
    print(time.strftime("%d/%m/%y %M%%", time.gmtime(time.time())))


asyncio.run(main())

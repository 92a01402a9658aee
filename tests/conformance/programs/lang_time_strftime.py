import asyncio
import time

# The virtual clock starts at the epoch: time.time() is 0.0 when the program starts.


def stamp():
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time()))


async def main():
    print("start", stamp())
    await asyncio.sleep(3661.5)
    print("after 1h1m1.5s", stamp(), time.time())
    g = time.gmtime(86400 * 365 + 59)
    print(g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec, g.tm_wday, g.tm_yday)
    print(time.strftime("%a %b %d %j %%", g))
    print(time.strftime("%H:%M", time.gmtime(0)), time.gmtime(1e9)[:6])
    await asyncio.sleep(86400 * 40)
    print(time.strftime("%A %d %B %Y, %I:%M:%S %p", time.gmtime(time.time())))


asyncio.run(main())

import asyncio


async def job():
    print("never runs")


try:
    asyncio.create_task(job())
except RuntimeError as e:
    print("RuntimeError:", e)
print("after")

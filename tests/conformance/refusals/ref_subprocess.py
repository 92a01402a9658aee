import asyncio


async def main():
    proc = await asyncio.create_subprocess_exec("echo", "hi")
    await proc.wait()


asyncio.run(main())

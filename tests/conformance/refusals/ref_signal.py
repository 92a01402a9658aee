import asyncio
import signal


async def main():
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGINT, print, "interrupted")
    await asyncio.sleep(1)


asyncio.run(main())

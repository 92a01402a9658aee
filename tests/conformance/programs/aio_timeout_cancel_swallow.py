import asyncio

# A body that catches the cancellation used by the timeout, and another error
# raised after expiry.


async def main():
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(1) as cm:
        try:
            await asyncio.sleep(2)
        except asyncio.CancelledError:
            print("body swallowed the cancellation at", loop.time())
    print("no TimeoutError; expired:", cm.expired())
    try:
        async with asyncio.timeout(1):
            try:
                await asyncio.sleep(2)
            finally:
                raise KeyError("cleanup failed")
    except KeyError as e:
        print("KeyError passes through:", repr(e))
    except TimeoutError:
        print("TimeoutError")


asyncio.run(main())

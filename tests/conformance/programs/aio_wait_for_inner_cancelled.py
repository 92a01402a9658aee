import asyncio


async def target():
    await asyncio.sleep(5)


async def main():
    t = asyncio.create_task(target())
    asyncio.get_running_loop().call_later(1, t.cancel)
    try:
        await asyncio.wait_for(t, 3)
    except asyncio.CancelledError:
        print("wait_for raised CancelledError at", asyncio.get_running_loop().time())
    except TimeoutError:
        print("wrong: TimeoutError")
    print("caller itself cancelled?", asyncio.current_task().cancelling())


asyncio.run(main())

import asyncio


async def main():
    reader, writer = await asyncio.open_connection("example.com", 80)
    writer.close()


asyncio.run(main())

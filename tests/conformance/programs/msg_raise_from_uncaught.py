import asyncio


class ConfigError(Exception):
    pass


def parse(text):
    try:
        return int(text)
    except ValueError as e:
        raise ConfigError(f"bad setting {text!r}") from e


async def main():
    await asyncio.sleep(0.5)
    print(parse("12"))
    print(parse("twelve"))


asyncio.run(main())

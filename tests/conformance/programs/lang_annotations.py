import asyncio

Number = int


def scale(values: list[float], factor: float = 2.0) -> list[float]:
    result: list[float] = []
    for v in values:
        result.append(v * factor)
    return result


class Item:
    name: str
    count: int = 0

    def __init__(self, name: str, count: int = 1) -> None:
        self.name = name
        self.count = count


async def fetch(key: str, *, retries: int = 3) -> dict[str, int] | None:
    await asyncio.sleep(0.1)
    return {key: retries}


total: Number = 5
pending: int
print(scale([1.0, 2.5]), scale([1], factor=-1))
it = Item("bolt")
print(it.name, it.count, Item.count)
print(asyncio.run(fetch("k")), total)

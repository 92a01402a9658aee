import asyncio


class Config:
    name: str = "default"
    retries: int = 3
    tags: list[str]

    def __init__(self, name: str | None = None) -> None:
        if name is not None:
            self.name = name
        self.tags: list[str] = []


def total(*values: float, scale: float = 1.0, **extra: int) -> float:
    result: float
    result = sum(values) * scale
    return result + sum(extra.values())


async def fetch(cfg: "Config", delay: float) -> tuple[str, int]:
    await asyncio.sleep(delay)
    return cfg.name, cfg.retries


count: int = 0
for i in range(3):
    count += i
c = Config("custom")
c.tags.append("x")
print(count, total(1, 2, scale=2.0, bonus=5), c.name, Config().name, c.tags)
print(asyncio.run(fetch(c, 0.5)))

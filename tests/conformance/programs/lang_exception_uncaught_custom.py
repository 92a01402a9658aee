class QuotaExceeded(Exception):
    def __init__(self, used, limit):
        super().__init__(used, limit)
        self.used = used
        self.limit = limit

    def __str__(self):
        return f"used {self.used} of {self.limit}"


def charge(used, amount, limit=10):
    if used + amount > limit:
        raise QuotaExceeded(used + amount, limit)
    return used + amount


total = 0
for amount in (3, 4, 5):
    total = charge(total, amount)
    print("total", total)

class Counter:
    step = 1

    def __init__(self, start=0):
        self.value = start
        self.history = []

    def bump(self, times=1):
        for _ in range(times):
            self.value += self.step
            self.history.append(self.value)
        return self

    def total(self):
        return sum(self.history)


c = Counter()
c.bump().bump(3)
print(c.value, c.history, c.total())
d = Counter(10)
d.step = 5
d.bump(2)
print(d.value, "instance step", d.step, "class step", Counter.step)
Counter.step = 2
c.bump()
print(c.value, type(c).__name__, isinstance(c, Counter), isinstance(5, Counter))
print(hasattr(c, "value"), hasattr(c, "missing"), getattr(c, "missing", "default"))
c.extra = "added later"
print(c.extra)
try:
    c.nope
except AttributeError as e:
    print("AttributeError:", e)

def describe(name, kind="thing", count=1, sep=": "):
    return f"{name}{sep}{count} {kind}" + ("s" if count != 1 else "")


print(describe("apples"))
print(describe("apples", "fruit", 3))
print(describe("tasks", count=2))
print(describe(count=0, name="bugs", sep=" -> "))
args = ["pears", "fruit", 5]
print(describe(*args))
print(describe(*args[:1], count=4))


def total(values, start=0):
    result = start
    for v in values:
        result += v
    return result


print(total([1, 2, 3]), total([1, 2, 3], 10), total(start=0.5, values=[1]))


def first_and_rest(items):
    if len(items) == 0:
        return None, []
    return items[0], items[1:]


head, rest = first_and_rest([4, 5, 6])
print(head, rest, first_and_rest([]))
a, b, c = (1, 2, 3)
a, b = b, a
print(a, b, c)


def outer(n):
    def double(x):
        return x * 2
    return double(n) + 1


print(outer(5), max(*[3, 8, 1]), min(*(4, 2)))
print(print("inner print returns"), describe("x", sep="=", count=2, kind="y"))

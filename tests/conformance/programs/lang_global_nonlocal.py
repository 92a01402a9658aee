total = 0
calls = []


def add(n):
    global total
    total += n
    calls.append(n)


def outer():
    x = "outer"

    def middle():
        nonlocal x
        x = "set by middle"

        def inner():
            nonlocal x
            x += " and inner"
        inner()
    middle()
    return x


for i in range(4):
    add(i)
print(total, calls)
print(outer())


def reads_global():
    return total * 2


def shadows():
    total = "local"
    return total


print(reads_global(), shadows(), total)


def broken():
    print(total)
    total = 5


try:
    broken()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)

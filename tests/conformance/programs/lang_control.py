n = 0
while n < 10:
    n += 1
    if n % 2 == 0:
        continue
    if n > 7:
        break
    print("odd", n)
print("stopped at", n)

for i in range(3):
    for j in range(3):
        if j > i:
            break
        print(i, j, end="; ")
    print()

for idx, pair in enumerate(zip("abc", [10, 20, 30])):
    print(idx, pair[0], pair[1], pair)

for x in (1, "two", 3.0, None, [4]):
    if isinstance(x, int):
        print(x, "is int")
    elif isinstance(x, str):
        print(x, "is str")
    elif x == None:
        print("none")
    else:
        print(repr(x), "is something else")

for k in {"one": 1, "two": 2}:
    pass
print("last key", k)

grade = 83
if grade >= 90:
    letter = "A"
elif grade >= 80:
    letter = "B"
else:
    letter = "C"
print(letter)
print("yes" if grade > 50 and not grade > 90 else "no")
total = 0
for v in range(1, 101):
    total += v
print(total, sum(range(1, 101)) == total)
print(list(range(0)), [i for i in range(10, 0, -3)])

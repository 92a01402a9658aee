def attempt(kind):
    if kind == 0:
        return int("abc")
    if kind == 1:
        return {"a": 1}["b"]
    if kind == 2:
        return [1, 2][5]
    if kind == 3:
        return 1 // 0
    if kind == 4:
        return "a" + 1
    if kind == 5:
        raise RuntimeError("custom", 42)
    if kind == 6:
        raise Exception()
    if kind == 7:
        return 2.0 % 0
    return len(5)


for k in range(9):
    try:
        attempt(k)
    except Exception as e:
        print(k, repr(e))
        print(k, str(e))
        print(k, e.args, isinstance(e, ValueError), isinstance(e, LookupError))

try:
    raise ValueError
except ValueError as e:
    print("bare class:", repr(e), e.args)
err = KeyError("k")
print(repr(err), str(err), repr(TypeError("t")), repr(ZeroDivisionError()))

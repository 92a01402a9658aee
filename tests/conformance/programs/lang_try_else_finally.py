def attempt(x):
    log = []
    try:
        log.append("try")
        r = 10 // x
    except ZeroDivisionError as e:
        log.append(f"except {e}")
        r = None
    else:
        log.append("else")
    finally:
        log.append("finally")
    return r, log


print(attempt(2))
print(attempt(0))


def early(x):
    try:
        if x:
            return "returned from try"
    finally:
        print("finally runs before the return value leaves", x)
    return "fell through"


print(early(1))
print(early(0))
try:
    e = None
    try:
        raise KeyError("k")
    except KeyError as e:
        pass
    print(e)
except NameError as n:
    print("NameError:", n)

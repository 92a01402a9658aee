def risky(n):
    try:
        print("try", n)
        if n == 1:
            raise ValueError("one")
        if n == 2:
            return "returned from try"
        print("try finished normally")
    except ValueError as e:
        print("except", repr(e))
        return "returned from except"
    finally:
        print("finally", n)
    return "returned after"


for i in range(3):
    print("->", risky(i))


def nested():
    try:
        try:
            raise KeyError("inner")
        finally:
            print("inner finally")
    except KeyError as e:
        print("outer caught", repr(e), str(e))
        try:
            raise RuntimeError("while handling")
        except RuntimeError as e2:
            print("second handler", e2)
    finally:
        print("outer finally")


nested()

for n in [10, 0, "x"]:
    try:
        print(100 / n)
    except ZeroDivisionError as e:
        print("zero:", e)
    except TypeError as e:
        print("type:", e)

count = 0
while True:
    try:
        count += 1
        if count == 3:
            break
        continue
    finally:
        print("loop finally", count)
print("count", count)

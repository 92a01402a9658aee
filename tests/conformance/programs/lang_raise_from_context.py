def convert(s):
    try:
        return int(s)
    except ValueError as e:
        raise TypeError("not a number") from e


def cleanup():
    try:
        {}["missing"]
    except KeyError:
        raise RuntimeError("while handling")


try:
    convert("x")
except TypeError as e:
    print(repr(e), "cause:", repr(e.__cause__))
try:
    cleanup()
except RuntimeError as e:
    print(repr(e), "context:", repr(e.__context__), "cause:", e.__cause__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("fresh") from None
except ValueError as e:
    print(repr(e), e.__cause__, repr(e.__context__))
try:
    raise
except RuntimeError as e:
    print("bare raise with nothing active:", e)

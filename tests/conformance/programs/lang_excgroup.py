# ExceptionGroup/BaseExceptionGroup: constructor checks, split/subgroup/derive,
# except* with naked exceptions, re-raise, new exceptions merged with the rest.
for args in [(1, []), ("m", 5), ("m", []), ("m", [1]), ("m", [KeyboardInterrupt()])]:
    try:
        ExceptionGroup(*args)
    except Exception as e:
        print(type(e).__name__, e)
try:
    ExceptionGroup("m")
except Exception as e:
    print(type(e).__name__, e)
print(type(BaseExceptionGroup("x", [ValueError()])).__name__, type(BaseExceptionGroup("x", [KeyboardInterrupt()])).__name__)
eg = ExceptionGroup("top", [ValueError(1), TypeError(2), ExceptionGroup("n", [ValueError(3), KeyError(4)])])
print(eg.split(ValueError))
print(eg.subgroup(lambda e: isinstance(e, KeyError)))
print(eg.subgroup(ExceptionGroup) is eg, eg.split(OSError))
print(eg.derive([ValueError(9)]), eg.args)
try:
    raise ValueError("naked")
except* ValueError as e:
    print("caught", repr(e))
try:
    try:
        raise eg
    except* ValueError as e:
        print("V", repr(e))
    except* TypeError:
        print("T")
        raise
except Exception as e:
    print("out", repr(e))
try:
    try:
        raise eg
    except* (ValueError, TypeError) as e:
        raise RuntimeError("new")
except Exception as e:
    print("out2", repr(e), repr(e.exceptions[0].__context__))
try:
    try:
        raise ValueError(1)
    except* ExceptionGroup:
        pass
except TypeError as e:
    print(e)

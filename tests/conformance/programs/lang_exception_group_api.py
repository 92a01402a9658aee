eg = ExceptionGroup("many", [ValueError("a"), ExceptionGroup("sub", [TypeError("b"), ValueError("c")])])
print(repr(eg))
print(str(eg), "|", eg.message, "|", len(eg.exceptions))
vals = eg.subgroup(lambda e: isinstance(e, ValueError))
print("subgroup:", repr(vals))
match, rest = eg.split(TypeError)
print("split match:", repr(match))
print("split rest:", repr(rest))
print(eg.subgroup(KeyError))
print(isinstance(eg, Exception), issubclass(ExceptionGroup, BaseExceptionGroup))
try:
    ExceptionGroup("empty", [])
except ValueError as e:
    print("ValueError:", e)
try:
    ExceptionGroup("bad", [1])
except ValueError as e:
    print("ValueError:", e)

# An uncaught nested exception group: CPython 3.11 boxed traceback rendering,
# with a cause chain and a traceback inside a member.
def f():
    raise ValueError(1)
try:
    try:
        f()
    except ValueError as e:
        raise ExceptionGroup("inner", [e, TypeError(2)]) from KeyError("k")
except Exception as e:
    g = e
eg = ExceptionGroup("outer", [g, OSError("os"), BaseExceptionGroup("b", [ZeroDivisionError()])])
print(type(eg).__name__, repr(eg), str(eg), eg.message, eg.exceptions)
raise eg

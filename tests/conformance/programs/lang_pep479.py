# PEP 479: StopIteration escaping a generator becomes RuntimeError (cause chained);
# the traceback points at the call that drained the generator.
def g():
    yield 1
    raise StopIteration("early")
try:
    print(list(g()))
except RuntimeError as e:
    print(type(e).__name__, e, repr(e.__cause__))
def h():
    yield next(iter([]))
for x in [1]:
    try:
        for y in h():
            pass
    except RuntimeError as e:
        print("RuntimeError", e)
print(list(g()))

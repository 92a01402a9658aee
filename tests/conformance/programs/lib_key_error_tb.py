# Exceptions raised inside key functions and partial calls: caught, then an
# uncaught one whose traceback shows the user frames only (as CPython: builtins have none).
import functools
def bad(x):
    return 10 // x
try:
    sorted([1, 0, 2], key=bad)
except ZeroDivisionError as e:
    print("caught", e)
p = functools.partial(bad, 0)
try:
    p()
except ZeroDivisionError as e:
    print("caught2", e)
print(max([3, 1], key=bad))
print(functools.reduce(max, [3, 9, 2]))
r = sorted([2, 0], key=bad)

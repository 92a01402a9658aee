import sys


def finish(ok):
    print("finishing, ok =", ok)
    try:
        sys.exit(0 if ok else 4)
    finally:
        print("finally still runs")


try:
    sys.exit(7)
except SystemExit as e:
    print("caught SystemExit", e.code, repr(e))
finish(False)
print("not reached")

# __bool__/__len__ truthiness from conditions, not, bool(), any()/all(), and the
# errors they raise (a failing __bool__ inside a builtin fails that call).
class B:
    def __init__(self, v):
        self.v = v
    def __bool__(self):
        if self.v < 0:
            raise ValueError("negative")
        return self.v > 0
class L:
    def __len__(self):
        return 3
print(bool(B(1)), bool(B(0)), any([B(0), B(2)]), all([B(1), B(0)]), bool(L()), not L())
if B(1) and not B(0):
    print("ok")
try:
    bool(B(-1))
except ValueError as e:
    print("ValueError", e)
try:
    any([B(0), B(-1)])
except ValueError as e:
    print("ValueError", e)
class W:
    def __bool__(self):
        return 1
try:
    if W():
        pass
except TypeError as e:
    print("TypeError", e)

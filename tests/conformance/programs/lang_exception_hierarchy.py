class AppError(Exception):
    """Base of the application's errors."""


class NotFound(AppError):
    def __init__(self, key):
        super().__init__(f"no such key: {key}")
        self.key = key


class Invalid(AppError):
    pass


def lookup(d, key):
    if not isinstance(key, str):
        raise Invalid("keys are strings", key)
    if key not in d:
        raise NotFound(key)
    return d[key]


data = {"a": 1}
for k in ["a", "b", 3]:
    try:
        print("value", lookup(data, k))
    except NotFound as e:
        print("NotFound:", e, "| key =", e.key, "| args =", e.args)
    except AppError as e:
        print(type(e).__name__ + ":", e, e.args)
print(issubclass(NotFound, AppError), issubclass(NotFound, Exception), issubclass(AppError, NotFound))
print(repr(NotFound("z")), str(Invalid()), repr(Invalid(1, 2)))
try:
    raise NotFound("zz")
except (KeyError, AppError) as e:
    print("tuple of classes caught", type(e).__name__)

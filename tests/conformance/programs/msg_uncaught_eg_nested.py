def check(values):
    errors = []
    for v in values:
        try:
            if v < 0:
                raise ValueError(f"negative: {v}")
            if v == 0:
                raise ZeroDivisionError("zero")
        except Exception as e:
            errors.append(e)
    return errors


inner = ExceptionGroup("inner problems", check([0, -2]))
outer = ExceptionGroup("validation failed", [TypeError("bad type"), inner, KeyError("k")])
print("raising", repr(outer.message), len(outer.exceptions))
raise outer

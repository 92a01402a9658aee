def raise_group():
    raise ExceptionGroup("batch", [ValueError(1), TypeError("t"), ValueError(2), KeyError("k")])


try:
    raise_group()
except* ValueError as g:
    print("values:", [e.args[0] for e in g.exceptions], type(g).__name__)
except* (TypeError, KeyError) as g:
    print("others:", [type(e).__name__ for e in g.exceptions])

try:
    try:
        raise_group()
    except* TypeError:
        print("handled the TypeError only")
except ExceptionGroup as rest:
    print("rest:", rest.message, [repr(e) for e in rest.exceptions])

try:
    raise OSError("naked")
except* OSError as g:
    print("a naked exception is wrapped:", repr(g))

def work():
    raise ExceptionGroup("jobs", [ValueError("v1"), OSError("o1"), ValueError("v2")])


try:
    work()
except* ValueError as g:
    print("handled", len(g.exceptions), "ValueErrors; the OSError escapes")

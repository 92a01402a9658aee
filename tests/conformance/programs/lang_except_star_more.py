# except* with else/finally, no exception, TaskGroup errors, a new exception raised by a
# handler (merged with the unhandled rest), and an uncaught one from a handler.
import asyncio
def f(excs):
    try:
        raise ExceptionGroup("g", excs)
    except* ValueError as e:
        print("V", e.exceptions)
    except* KeyError:
        print("K")
    else:
        print("else")
    finally:
        print("finally")
f([ValueError(1), KeyError(2)])
try:
    f([TypeError(3)])
except ExceptionGroup as e:
    print("outer", repr(e))
try:
    pass
except* ValueError:
    pass
else:
    print("no exception else")
async def bad(n):
    await asyncio.sleep(n)
    raise ValueError(n)
async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(bad(1))
            tg.create_task(bad(2))
            tg.create_task(asyncio.sleep(5))
    except* ValueError as eg:
        print("tg errors", sorted(str(e) for e in eg.exceptions))
    try:
        try:
            raise ExceptionGroup("x", [ValueError(1), OSError(2)])
        except* ValueError:
            raise KeyError("inner")
    except BaseException as e:
        print(type(e).__name__, repr(e), repr(e.exceptions[0].__context__))
asyncio.run(main())
def g():
    try:
        raise ExceptionGroup("u", [ValueError("a"), TypeError("b")])
    except* ValueError:
        raise RuntimeError("handler failed")
g()

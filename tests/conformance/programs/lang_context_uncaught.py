def close_all(items):
    for it in items:
        try:
            it.close()
        except AttributeError:
            print("cannot close", repr(it))
            raise LookupError(f"cleanup of {it!r} failed")


close_all([])
close_all([1])

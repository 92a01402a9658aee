class HTTPError(Exception):
    def __init__(self, status, reason="unknown"):
        super().__init__(status, reason)
        self.status = status
        self.reason = reason

    def __str__(self):
        return f"{self.status} {self.reason}"

    def retryable(self):
        return self.status >= 500


class NotFoundError(HTTPError):
    def __init__(self, path):
        super().__init__(404, "Not Found")
        self.path = path


errors = [HTTPError(503, "Unavailable"), NotFoundError("/x"), HTTPError(400)]
for e in errors:
    try:
        raise e
    except NotFoundError as nf:
        print("not found:", nf.path, str(nf), nf.args, nf.retryable())
    except HTTPError as h:
        print(type(h).__name__, str(h), repr(h), h.retryable())
print([isinstance(e, HTTPError) for e in errors], NotFoundError.__mro__[1].__name__)

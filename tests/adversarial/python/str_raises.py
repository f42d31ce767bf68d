# verdict: RE
# error: Bad
# An uncaught exception whose __str__ and __repr__ raise, with a cause and
# a context that do the same: the harness formats what it can, the verdict
# is the student's RE, never INTERNAL.
class Bad(SystemError):
    def __str__(self):
        raise RuntimeError("no str")

    def __repr__(self):
        raise RuntimeError("no repr")


try:
    raise Bad()
except Bad as e:
    raise Bad() from e

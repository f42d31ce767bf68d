"""tests/diff/diffkit.py -- the Python half of the case prelude.

T/S/E/L print values exactly as the Lua prelude at the top of every
cases/*.lua does, so both sides produce the same trace text:
  T(who, ev...)  ->  "t=<loop time %.2f> who ev..."
  S(v)           ->  true/false/nil, errors as E(), lists as [a, b]
  E(err)         ->  "Type: message" ("Type" if the message is empty);
                     groups as "ExceptionGroup: msg [E(a), E(b)]"
"""
import asyncio

__all__ = ["asyncio", "T", "S", "E", "now"]


def now():
    return asyncio.get_running_loop().time()


def E(e):
    if isinstance(e, BaseExceptionGroup):
        return f"{type(e).__name__}: {e.message} [" + ", ".join(E(x) for x in e.exceptions) + "]"
    m = str(e)
    return f"{type(e).__name__}: {m}" if m else type(e).__name__


def S(v):
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "nil"
    if isinstance(v, BaseException):
        return E(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(S(x) for x in v) + "]"
    return str(v)


def T(*args):
    print(" ".join([f"t={now():.2f}"] + [S(a) for a in args]))

# SPDX-License-Identifier: MIT
"""multiprocessing.sharedctypes without ctypes, for graded code.

Graded code may not hold ctypes: ``ctypes.c_char_p(address).value`` and
``ctypes.cast(address, ...)`` read and write any memory of the process
without one audit event, so once the module is in ``sys.modules`` (as
multiprocessing's own sharedctypes would put it) the harness's memory is
open. The harness installs this module as ``multiprocessing.sharedctypes``
instead: ``Value``, ``Array``, ``RawValue``, ``RawArray``, ``copy`` and
``synchronized`` (the same names, typecodes and behaviour for code that
uses typecodes) over a ``memoryview`` of multiprocessing's own shared heap
(``heap.BufferWrapper``), which a forked child shares. A memoryview is
bounded to its buffer. ctypes types as typecodes are not supported (no
ctypes), nor 'u' (wchar), nor pickling to spawn-started processes: the
fork start method (Linux's default through 3.13) inherits them.

No harness state here: nothing in this module leads to the grader.
"""

# Our own copy of the builtins, taken before any student code: a program
# that replaces builtins.dict (or len, isinstance ...) must not run its
# code inside ours (every function below captures this dict).
__builtins__ = dict(vars(__import__("builtins")))

import multiprocessing
from multiprocessing import heap

__all__ = ["RawValue", "RawArray", "Value", "Array", "copy", "synchronized"]

_CODES = frozenset("cbBhHiIlLqQfd")


def _code(typecode):
    if isinstance(typecode, str) and typecode in _CODES:
        return typecode
    raise TypeError(
        "looplab: shared values take a typecode ('i', 'd', 'c', ...): "
        "%r is not one (ctypes types need ctypes, which graded code may "
        "not use)" % (typecode,))


def _buffer(typecode, n):
    size = max(1, n) * _itemsize(typecode)
    w = heap.BufferWrapper(size)
    mv = w.create_memoryview()[:size]
    if typecode != "c":
        mv = mv.cast(typecode)
    return w, mv


def _itemsize(typecode):
    import struct
    return 1 if typecode == "c" else struct.calcsize(typecode)


class RawValueType:
    """One shared number (or one byte for 'c'): ``.value``."""
    __slots__ = ("_typecode", "_wrapper", "_mv")

    def __init__(self, typecode, *args):
        self._typecode = _code(typecode)
        self._wrapper, self._mv = _buffer(self._typecode, 1)
        if args:
            self.value = args[0]

    @property
    def value(self):
        v = self._mv[0]
        return bytes((v,)) if self._typecode == "c" else v

    @value.setter
    def value(self, v):
        if self._typecode == "c":
            if not isinstance(v, (bytes, bytearray)) or len(v) != 1:
                raise TypeError("one character bytes, bytearray or integer "
                                "expected")
            v = v[0]
        self._mv[0] = v

    def __repr__(self):
        return "c_%s(%r)" % (self._typecode, self.value)


class RawArrayType:
    """A shared array: indexing, slices, len; ``.value``/``.raw`` for 'c'."""
    __slots__ = ("_typecode", "_wrapper", "_mv", "_len")

    def __init__(self, typecode, size_or_initializer):
        self._typecode = _code(typecode)
        if isinstance(size_or_initializer, int):
            n, init = size_or_initializer, None
        else:
            init = list(size_or_initializer) if not isinstance(
                size_or_initializer, (bytes, bytearray)) else size_or_initializer
            n = len(init)
        if n < 0:
            raise ValueError("array size must be >= 0")
        self._len = n
        self._wrapper, self._mv = _buffer(self._typecode, n)
        self._mv = self._mv[:n]
        if init is not None:
            self[:] = init

    def __len__(self):
        return self._len

    def _out(self, v):
        return bytes((v,)) if self._typecode == "c" else v

    def __getitem__(self, i):
        if isinstance(i, slice):
            v = self._mv[i]
            return bytes(v) if self._typecode == "c" else v.tolist()
        return self._out(self._mv[i])

    def __setitem__(self, i, v):
        if self._typecode == "c":
            if isinstance(i, slice):
                self._mv[i] = bytes(v)
                return
            if not isinstance(v, (bytes, bytearray)) or len(v) != 1:
                raise TypeError("one character bytes, bytearray or integer "
                                "expected")
            self._mv[i] = v[0]
            return
        if isinstance(i, slice):
            idx = range(*i.indices(self._len))
            v = list(v)
            if len(v) != len(idx):
                raise ValueError("Can only assign sequence of same size")
            for k, x in zip(idx, v):
                self._mv[k] = x
            return
        self._mv[i] = v

    def __iter__(self):
        return (self[i] for i in range(self._len))

    @property
    def value(self):
        if self._typecode != "c":
            raise AttributeError("value (only arrays of 'c' have it)")
        b = bytes(self._mv)
        return b.split(b"\0", 1)[0]

    @value.setter
    def value(self, v):
        if self._typecode != "c":
            raise AttributeError("value (only arrays of 'c' have it)")
        if len(v) > self._len:
            raise ValueError("byte string too long")
        self._mv[:len(v)] = bytes(v)
        if len(v) < self._len:
            self._mv[len(v)] = 0

    @property
    def raw(self):
        if self._typecode != "c":
            raise AttributeError("raw (only arrays of 'c' have it)")
        return bytes(self._mv)

    def __repr__(self):
        return "<shared array %r of %d>" % (self._typecode, self._len)


def RawValue(typecode_or_type, *args):
    return RawValueType(typecode_or_type, *args)


def RawArray(typecode_or_type, size_or_initializer):
    return RawArrayType(typecode_or_type, size_or_initializer)


def _lock(lock, ctx):
    if lock in (True, None):
        ctx = ctx or multiprocessing.get_context()
        lock = ctx.RLock()
    if not hasattr(lock, "acquire"):
        raise AttributeError("%r has no method 'acquire'" % lock)
    return lock


def Value(typecode_or_type, *args, lock=True, ctx=None):
    obj = RawValue(typecode_or_type, *args)
    if lock is False:
        return obj
    return Synchronized(obj, _lock(lock, ctx))


def Array(typecode_or_type, size_or_initializer, *, lock=True, ctx=None):
    obj = RawArray(typecode_or_type, size_or_initializer)
    if lock is False:
        return obj
    return SynchronizedArray(obj, _lock(lock, ctx))


def copy(obj):
    if isinstance(obj, RawArrayType):
        return RawArray(obj._typecode, obj[:] if obj._typecode != "c" else obj.raw)
    return RawValue(obj._typecode, obj.value)


def synchronized(obj, lock=None, ctx=None):
    lock = _lock(lock, ctx)
    if isinstance(obj, RawArrayType):
        return SynchronizedArray(obj, lock)
    return Synchronized(obj, lock)


class SynchronizedBase:
    def __init__(self, obj, lock):
        self._obj = obj
        self._lock = lock
        self.acquire = lock.acquire
        self.release = lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def get_obj(self):
        return self._obj

    def get_lock(self):
        return self._lock

    def __repr__(self):
        return "<%s wrapper for %r>" % (type(self).__name__, self._obj)


class Synchronized(SynchronizedBase):
    @property
    def value(self):
        with self._lock:
            return self._obj.value

    @value.setter
    def value(self, v):
        with self._lock:
            self._obj.value = v


class SynchronizedArray(SynchronizedBase):
    def __len__(self):
        return len(self._obj)

    def __getitem__(self, i):
        with self._lock:
            return self._obj[i]

    def __setitem__(self, i, v):
        with self._lock:
            self._obj[i] = v

    def __iter__(self):
        with self._lock:
            return iter(list(self._obj))

    @property
    def value(self):
        with self._lock:
            return self._obj.value

    @value.setter
    def value(self, v):
        with self._lock:
            self._obj.value = v

    @property
    def raw(self):
        with self._lock:
            return self._obj.raw


def install():
    """Be multiprocessing.sharedctypes from now on (before student code)."""
    import sys
    mod = sys.modules[__name__]
    sys.modules["multiprocessing.sharedctypes"] = mod
    multiprocessing.sharedctypes = mod

# verdict: PASS
# With multiprocessing.Value allowed, ctypes must still be out of reach:
# ctypes.c_char_p(address).value and ctypes.cast read and write any memory
# with no audit event, so holding the module at all is the hole. Every
# route to it after a shared Value exists: import (ctypes, _ctypes,
# ctypes.util), importlib, sys.modules, multiprocessing.sharedctypes'
# globals, the shared value's type and module, __import__ with a fresh
# sys.modules entry removed, and the real sharedctypes file run by path.
import importlib
import importlib.util
import multiprocessing as mp
import multiprocessing.sharedctypes as sc
import os
import sys

v = mp.Value("i", 7)
got = []


def attempt(how, fn):
    try:
        m = fn()
    except Exception as e:
        print("refused:", how, type(e).__name__)
        return
    if m is not None and hasattr(m, "c_char_p"):
        got.append(how)


attempt("import ctypes", lambda: __import__("ctypes"))
attempt("import _ctypes", lambda: __import__("_ctypes") and None)
attempt("import ctypes.util", lambda: importlib.import_module("ctypes.util"))
attempt("sys.modules", lambda: sys.modules.get("ctypes"))
attempt("sharedctypes.ctypes", lambda: getattr(sc, "ctypes", None))
attempt("value module", lambda: vars(sys.modules[type(v.get_obj()).__module__]).get("ctypes"))
attempt("mp.sharedctypes", lambda: getattr(mp.sharedctypes, "ctypes", None))


def real_sharedctypes():
    path = os.path.join(os.path.dirname(mp.__file__), "sharedctypes.py")
    spec = importlib.util.spec_from_file_location("multiprocessing.sc2", path)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m.ctypes


attempt("run the real sharedctypes", real_sharedctypes)
if got:
    import ctypes
    b = b"looplab-secret"
    print("ESCAPED via", got[0], ctypes.c_char_p(id(b) + 32).value)
print("value", v.value)

# verdict: RE
# error: signal 11
import sys
sys.setrecursionlimit(10 ** 7)
def f():
    return sorted([1], key=lambda x: f())     # recursion through C frames
f()

# SPDX-License-Identifier: MIT
"""looplab's student-facing helpers: ``from looplab import lab``.

Only meaningful under the grading harness (looplab_harness.py), which puts
this package first on sys.path. Outside it, ``lab`` still works on a real
asyncio loop, without tracing.
"""

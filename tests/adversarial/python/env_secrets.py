# verdict: PASS
# The environment and /proc/self/environ: no grader secret, course or
# gradebook path, and no variable that points the harness elsewhere.
import os
bad = [k for k, v in os.environ.items()
       if "LOOPLAB" in k or any(w in v for w in ("@COURSE@", "gradebook", "checks.lua"))]
if bad:
    print("ESCAPED via environ", bad)
try:
    with open("/proc/self/environ", "rb") as f:
        if b"@COURSE@" in f.read():
            print("ESCAPED via /proc/self/environ")
except OSError:
    pass
print("env ok")

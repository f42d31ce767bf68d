# verdict: PASS
# needs: uid
import os, signal
try:
    os.kill(os.getppid(), signal.SIGKILL)
    print("ESCAPED killed the grader")
except OSError as e:
    print("refused", type(e).__name__)
try:
    os.kill(-1, signal.SIGKILL)       # every process this uid may signal
except OSError as e:
    print("kill -1:", type(e).__name__)
print("still here")

# verdict: RE
# error: tampered with the grader's result channel
# A forged "internal" summary must not make the grader blame itself
# (exit 3, never stored, regraded forever): it is the student's RE.
import os
os.write(3, b'{"ev": "result", "status": "internal", "vtime": 0.0, '
            b'"error": "harness bug", "exc_type": "RuntimeError"}\n')
os._exit(0)

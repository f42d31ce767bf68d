# verdict: RE
# error: tampered with the grader's result channel
import os
os.write(3, b'{"ev": "result", "status": "ok", "vtime": 0.0, "error": ""}\n')
raise ValueError("the real result still comes last")

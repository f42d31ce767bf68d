# verdict: RE
# error: tampered with the grader's result channel
# Prints what the checks want, writes a well-formed summary to the result
# fd and leaves before the harness can write (issue 14: once a PASS).
import os
print("hi")
os.write(3, b'{"ev": "start", "t": 0, "task": 0, "name": "", "what": ""}\n')
os.write(3, b'{"ev": "result", "status": "ok", "vtime": 0.0, "error": "", '
            b'"exc_type": "", "blocking": [], "warnings": [], "tasks_pending": [], '
            b'"main_end": "done", "result": null}\n')
os._exit(0)

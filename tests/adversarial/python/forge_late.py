# verdict: RE
# error: tampered with the grader's result channel
# A daemon thread keeps writing summaries while the harness ends: whatever
# lands before the seal breaks its digest, whatever lands after it breaks
# "the seal is the last line".
import os, threading
def late():
    for _ in range(400):
        try:
            os.write(3, b'{"ev": "result", "status": "ok", "vtime": 0.0}\n')
        except OSError:
            return
        threading.Event().wait(0.002)
threading.Thread(target=late, daemon=True).start()
threading.Event().wait(0.01)
print("hi")

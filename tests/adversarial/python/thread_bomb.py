# verdict: RE
# error: can't start new thread
# needs: nproc
import threading, time
ev = threading.Event()
while True:
    threading.Thread(target=ev.wait, daemon=True).start()

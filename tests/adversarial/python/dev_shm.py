# verdict: PASS
# needs: ns
# /dev/shm: what a run writes there must not outlive it (the harness
# checks the host's /dev/shm for this name after the run) nor fill RAM.
import os, multiprocessing
with open("/dev/shm/looplab-adv-escape", "w") as f:
    f.write("left for the next student")
total, chunk = 0, b"x" * (1 << 20)
for i in range(200):                     # at most 200 MiB, in 8 MiB files
    try:
        with open("/dev/shm/fill-%d" % i, "wb") as f:
            for _ in range(8):
                f.write(chunk); total += len(chunk)
    except OSError as e:
        print("stopped after %d MiB: %s" % (total >> 20, type(e).__name__))
        break
if total > (100 << 20):
    print("ESCAPED filled %d MiB of RAM in /dev/shm" % (total >> 20))
for i in range(200):
    try: os.unlink("/dev/shm/fill-%d" % i)
    except OSError: pass
lock = multiprocessing.Lock()           # POSIX semaphores still work
with lock:
    print("multiprocessing lock ok")

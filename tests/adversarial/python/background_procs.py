# verdict: PASS
import os, subprocess, sys
# a session leader that outlives us and holds our stdout open
subprocess.Popen(["sleep", "@SLEEP@"], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv("/bin/sleep", ["sleep", "@SLEEP@"])
    os._exit(0)
print("main done")

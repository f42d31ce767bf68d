# verdict: PASS
# needs: ns
# Other processes' command lines (every student path of a batch, the
# grader's own arguments) must not be listed in /proc.
import os
me, seen = os.getuid(), []
for p in os.listdir("/proc"):
    if not p.isdigit():
        continue
    try:
        if os.stat("/proc/" + p).st_uid != me:
            seen.append(open("/proc/%s/cmdline" % p, "rb").read()[:60])
    except OSError:
        pass
print("ESCAPED sees %d processes of others: %r" % (len(seen), seen[:3]) if seen else "others hidden")
print("own processes visible:", os.path.exists("/proc/%d" % os.getpid()))

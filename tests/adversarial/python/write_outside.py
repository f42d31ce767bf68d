# verdict: PASS
# needs: landlock
import os
targets = ["/tmp/looplab-adv-escape", os.path.expanduser("~root/looplab-adv-escape"),
           "/root/looplab-adv-escape", "/var/tmp/looplab-adv-escape",
           "@COURSE@/looplab-adv-escape", "../looplab-adv-escape"]
for t in targets:
    try:
        with open(t, "w") as f:
            f.write("x")
        print("ESCAPED wrote", t)
    except OSError as e:
        print("refused", t, type(e).__name__)
with open("inside.txt", "w") as f:       # the attempt folder is writable
    f.write("ok")
print(open("inside.txt").read())

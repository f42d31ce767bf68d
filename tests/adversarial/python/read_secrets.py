# verdict: PASS
# needs: landlock
import glob, os
paths = ["../checks.lua", "../../checks.lua", "@COURSE@/week1/01-adv/exercises/ap/checks.lua",
         "@COURSE@/week1/01-adv/exercises/ap/solution/sub.py"]
paths += glob.glob("/**/checks.lua", recursive=False)
for p in paths:
    try:
        text = open(p).read()
        if "SECRET" in text:
            print("ESCAPED read", p)
    except OSError as e:
        print("refused", p, type(e).__name__)
try:
    env = open("/proc/%d/environ" % os.getppid(), "rb").read()
    print("ESCAPED environ of the grader")
except OSError as e:
    print("refused environ", type(e).__name__)

# verdict: PASS
# Every file descriptor the program inherited, and what it points to: none
# may lead to the course (checks, solutions), the gradebook, another
# student's file or the seal key (fd 4 is closed before student code).
import os
for fd in sorted(int(n) for n in os.listdir("/proc/self/fd")):
    try:
        where = os.readlink("/proc/self/fd/%d" % fd)
    except OSError:
        continue
    low = where.lower()
    if any(w in low for w in ("checks.lua", "solution", "gradebook", ".db", "@COURSE@", "/ws/")):
        print("ESCAPED via fd", fd, where)
    if fd > 4 and not where.startswith(("pipe:", "/dev/", "anon_inode:", "socket:")):
        try:
            data = os.pread(fd, 64, 0)
            if b"SECRET-CHECKS" in data:
                print("ESCAPED via fd", fd, "reads the checks")
        except OSError:
            pass
try:
    os.read(4, 1)
    print("ESCAPED via fd 4: the seal key pipe is open")
except OSError:
    pass
print("fds ok")

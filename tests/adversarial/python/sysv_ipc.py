# verdict: PASS|RE
# needs: seccomp
# (RE: the harness refuses `import ctypes` before the kernel is asked,
# docs/grading-trust.md; the seccomp filter itself is tested without it
# in tests/unit/test_sandbox_seccomp.c.)
# SysV IPC objects outlive the process and the next student run as the
# same recycled uid could read them.
import ctypes, errno
libc = ctypes.CDLL(None, use_errno=True)
IPC_PRIVATE, IPC_CREAT = 0, 0o1000
for name, call in (("shmget", lambda: libc.shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0o666)),
                   ("msgget", lambda: libc.msgget(IPC_PRIVATE, IPC_CREAT | 0o666)),
                   ("semget", lambda: libc.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o666))):
    r = call()
    print("ESCAPED " + name if r >= 0 else "refused %s %s" % (name, errno.errorcode[ctypes.get_errno()]))

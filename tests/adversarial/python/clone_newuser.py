# verdict: PASS|RE
# needs: seccomp
# (RE: the harness refuses `import ctypes` before the kernel is asked,
# docs/grading-trust.md; the seccomp filter itself is tested without it
# in tests/unit/test_sandbox_seccomp.c.)
# A new namespace by any door: clone(CLONE_NEWUSER) (once open while
# unshare was denied), clone3, unshare, setns.
import ctypes, errno, os, platform
libc = ctypes.CDLL(None, use_errno=True)
NR = {"x86_64": dict(clone=56, clone3=435, unshare=272, setns=308),
      "aarch64": dict(clone=220, clone3=435, unshare=97, setns=268)}[platform.machine()]
CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWNET, SIGCHLD = 0x10000000, 0x20000, 0x40000000, 17
libc.syscall.restype = ctypes.c_long
for name, flags in (("NEWUSER", CLONE_NEWUSER), ("NEWNS", CLONE_NEWNS), ("NEWNET", CLONE_NEWNET)):
    r = libc.syscall(NR["clone"], flags | SIGCHLD, 0, 0, 0, 0)
    if r == 0:
        os._exit(0)                     # the child of an escaped clone
    if r > 0:
        os.waitpid(r, 0)
        print("ESCAPED clone", name)
    else:
        print("refused clone", name, errno.errorcode[ctypes.get_errno()])
args = (ctypes.c_uint64 * 11)(CLONE_NEWUSER, 0, 0, 0, SIGCHLD)
r = libc.syscall(NR["clone3"], ctypes.byref(args), ctypes.sizeof(args))
if r == 0:
    os._exit(0)
print("ESCAPED clone3" if r > 0 else "refused clone3 " + errno.errorcode[ctypes.get_errno()])
for call, a in (("unshare", (CLONE_NEWUSER,)), ("setns", (0, 0))):
    r = libc.syscall(NR[call], *a)
    print("ESCAPED " + call if r == 0 else "refused %s %s" % (call, errno.errorcode[ctypes.get_errno()]))
# threads and fork still work (clone without namespace flags)
import threading
t = threading.Thread(target=lambda: None); t.start(); t.join()
pid = os.fork()
if pid == 0:
    os._exit(0)
os.waitpid(pid, 0)
print("threads and fork ok")

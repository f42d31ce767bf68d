# verdict: PASS
# needs: seccomp
# Sockets that reach outside the box: vsock (to the hypervisor), netlink,
# packet, inet6, and an abstract AF_UNIX name a process outside listens on.
import socket
for fam in ("AF_VSOCK", "AF_NETLINK", "AF_PACKET", "AF_INET6", "AF_INET"):
    try:
        socket.socket(getattr(socket, fam), socket.SOCK_DGRAM if fam != "AF_VSOCK" else socket.SOCK_STREAM).close()
        print("ESCAPED opened", fam)
    except OSError as e:
        print("refused", fam, type(e).__name__)
try:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(2)
    s.connect("\0looplab-adv-abstract-@SLEEP@")
    print("ESCAPED reached an abstract socket outside:", s.recv(64))
except OSError as e:
    print("refused abstract connect", type(e).__name__)
a, b = socket.socketpair()      # asyncio's self-pipe still works
a.send(b"x"); assert b.recv(1) == b"x"
print("socketpair ok")

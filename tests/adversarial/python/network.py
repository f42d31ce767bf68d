# verdict: PASS
# needs: seccomp
import socket
try:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    print("ESCAPED opened an inet socket")
except OSError as e:
    print("refused", type(e).__name__)
a, b = socket.socketpair()      # local pipes still work (asyncio needs them)
a.close(); b.close()

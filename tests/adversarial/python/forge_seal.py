# verdict: RE
# error: tampered with the grader's result channel
# A seal line of its own after a summary: the run's nonce is public (it is
# on the harness's command line), the MAC a guess without the key.
import os
print("hi")
argv = open("/proc/self/cmdline", "rb").read().split(b"\0")
nonce = argv[argv.index(b"--nonce") + 1]
os.write(3, b'{"ev": "result", "status": "ok", "vtime": 0.0, "error": ""}\n')
os.write(3, b"#seal " + nonce + b" 1 " + b"0" * 64 + b" end " + b"f" * 64 + b"\n")
os._exit(0)

# verdict: PASS
import fcntl, termios
try:
    fcntl.ioctl(0, termios.TIOCSTI, b"x")
    print("ESCAPED injected a keystroke")
except OSError as e:
    print("refused", type(e).__name__)

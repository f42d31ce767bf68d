# verdict: RE
# error: exit status 0
import os
print("leaving early")
os._exit(0)

# verdict: TLE
# error: virtual seconds
import time
time.sleep(1e9)

# verdict: RE|TLE
# needs: nproc
import os
while True:
    os.fork()

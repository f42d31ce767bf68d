# verdict: TLE
# error: seconds of real time
while True:
    pass

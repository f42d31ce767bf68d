# verdict: RE
# error: ZeroDivisionError
print(1 / 0)

# verdict: RE
# error: EOFError
input()

# verdict: RE
# error: SystemExit: <int of
# An exit code too big to print (str() of it raises in 3.11): once INTERNAL.
raise SystemExit(10 ** 5000)

# verdict: OLE
print("x" * 10 ** 8)

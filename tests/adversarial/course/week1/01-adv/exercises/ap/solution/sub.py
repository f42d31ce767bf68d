# SECRET-SOLUTION-9f3
print("hi")

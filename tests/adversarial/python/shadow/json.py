print("ESCAPED shadowed json")

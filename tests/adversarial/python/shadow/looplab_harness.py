print("ESCAPED shadowed the harness")

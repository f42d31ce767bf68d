return { id = "sc", title = "scenarios", kind = "python", file = "sub.py" }

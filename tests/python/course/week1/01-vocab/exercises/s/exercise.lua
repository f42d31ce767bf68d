return { id = "s", title = "seeds", kind = "python", file = "sub.py" }

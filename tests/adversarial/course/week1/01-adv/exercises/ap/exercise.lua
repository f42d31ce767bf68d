return { id = "ap", title = "python sandbox target", kind = "python", file = "sub.py" }

return { id = "bad", title = "broken checks", kind = "python", file = "sub.py" }

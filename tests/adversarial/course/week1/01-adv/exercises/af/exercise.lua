return { id = "af", title = "python forgery target", kind = "python", file = "sub.py" }

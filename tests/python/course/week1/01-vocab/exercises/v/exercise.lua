return { id = "v", title = "vocabulary", kind = "python", file = "sub.py" }

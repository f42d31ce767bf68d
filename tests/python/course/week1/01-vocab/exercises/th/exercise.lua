return { id = "th", title = "threads: a shared counter", kind = "python", file = "sub.py" }

return { id = "tp", title = "threads: a pool of four", kind = "python", file = "sub.py" }

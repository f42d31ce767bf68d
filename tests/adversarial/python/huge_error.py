# verdict: OLE|RE|TLE
# An uncaught exception whose message is 8 MB: printed, its traceback is
# over the output limit (OLE); the summary's error and every report stay
# bounded (clipped), graded in
# time (TLE on a loaded machine: building and printing 8 MB), never INTERNAL.
raise ValueError("x" * (8 << 20))

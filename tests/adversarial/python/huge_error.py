# verdict: OLE|RE
# An uncaught exception whose message is 64 MB: printed, its traceback is
# over the output limit (OLE); the summary's error and every report stay
# bounded (clipped), graded in
# time, never INTERNAL.
raise ValueError("x" * (64 << 20))

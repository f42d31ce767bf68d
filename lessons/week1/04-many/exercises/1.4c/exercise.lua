return {
  id = "1.4c",
  title = "Report in completion order",
  kind = "lua",
  file = "report.lua",
  statement = "README.md",
  hints = {
    "gather hands you every result at once, when the slowest is done. "
      .. "You need to wake up every time any one task finishes.",
    "aio.wait(pending, { return_when = \"FIRST_COMPLETED\" }) returns "
      .. "two lists, done and pending, as soon as at least one task is "
      .. "done. Both keep the input order.",
    "Loop while #pending > 0: done, pending = aio.wait(pending, {...}); "
      .. "for each t in done, emit(t:get_name() .. \": \" .. t:result()).",
  },
}

return {
  id = "1.4a",
  title = "Fetch them all, keep the failures",
  kind = "lua",
  file = "fetch_all.lua",
  statement = "README.md",
  hints = {
    "Two problems: the fetches wait one after another, and the first "
      .. "error escapes. aio.gather fixes the first; one of its options "
      .. "fixes the second.",
    "aio.gather(list, { return_exceptions = true }) returns a list in "
      .. "argument order where a failed entry holds the error value "
      .. "instead of raising it. Each entry of the list can be a function "
      .. "(it becomes a task).",
    "Build jobs[i] = function() return fetch(url) end, then results = "
      .. "aio.gather(jobs, { return_exceptions = true }), then replace "
      .. "every non-string entry r with \"failed: \" .. r.status.",
  },
}

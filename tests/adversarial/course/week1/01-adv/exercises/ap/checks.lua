-- SECRET-CHECKS-9f3 (a submission must never be able to read this file)
return {
  time_limit = 3,
  check.noerror { name = "runs", main = false },   -- most cases run no loop
  { name = "stays inside the sandbox",
    fn = function(run)
      local o = run.out or ""
      return not o:find("ESCAPED", 1, true), o:sub(1, 400)
    end },
}

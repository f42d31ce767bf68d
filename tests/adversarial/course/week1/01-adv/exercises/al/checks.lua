return {
  time_limit = 3,
  check.noerror { name = "loads" },
  { name = "returns a module", fn = function(run) return type(run.module) == "table" end },
}

return {
  seeds = "all of them",
  check.noerror { name = "noerror" },
}

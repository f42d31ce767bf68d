return {
  seeds = { 0, 1, 2, 3, 4, 5, 6, 7 },
  check.out { name = "a before b", expect = "a\nb\n",
              message = "b was printed before a" },
}

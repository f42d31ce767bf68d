-- Test fixture for tests/adversarial: hostile submissions are graded
-- against these exercises (als: checks that lean on aio, string methods
-- and task methods, for submissions that try to patch them).
return {
  id = "adv",
  title = "Adversarial fixtures",
  pages = {},
  exercises = { "exercises/ap", "exercises/al", "exercises/als", "exercises/af" },
}

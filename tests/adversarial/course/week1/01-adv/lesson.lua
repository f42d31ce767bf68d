-- Test fixture for tests/adversarial: hostile submissions are graded
-- against these two exercises.
return {
  id = "adv",
  title = "Adversarial fixtures",
  pages = {},
  exercises = { "exercises/ap", "exercises/al" },
}

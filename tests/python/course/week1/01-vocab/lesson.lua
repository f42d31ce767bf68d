-- Test fixture: one exercise per part of the check vocabulary.
return {
  id = "t1",
  title = "Check vocabulary fixtures",
  pages = {},
  exercises = { "exercises/v", "exercises/s", "exercises/vl", "exercises/bad",
                "exercises/sc", "exercises/th", "exercises/tp" },
}

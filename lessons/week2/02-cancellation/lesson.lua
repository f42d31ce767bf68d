-- Lesson 2.2: Cancellation and shield.
return {
  id = "2.2",
  title = "Cancellation and shield",
  summary = "CancelledError at the next await: clean up, re-raise, and "
         .. "shield what must finish",
  pages = {
    "pages/01-cancel.md",
    "pages/02-shield.md",
  },
  demos = {
    {
      id = "2.2-ripple",
      title = "The cancel ripple",
      script = "demos/ripple.lua",
      about = "main cancels the parent, which is awaiting a child, which "
           .. "is awaiting a grandchild. The CancelledError is delivered "
           .. "at the innermost await, each level's cleanup runs on the "
           .. "way out, and the parent ends cancelled. Let the child "
           .. "swallow it and the parent ends normally: the cancel is lost. "
           .. "Shield the grandchild and it finishes its work while the "
           .. "levels above are cancelled.",
      knobs = {
        { name = "cancel_at", label = "cancel at (s)", value = 1,
          min = 0, max = 5, step = 0.5 },
        { name = "swallow", label = "child swallows (1/0)", value = 0,
          min = 0, max = 1, step = 1 },
        { name = "shield", label = "shield grandchild (1/0)", value = 0,
          min = 0, max = 1, step = 1 },
        { name = "cleanup", label = "cleanup time (s)", value = 0.5,
          min = 0, max = 2, step = 0.5 },
      },
    },
  },
  exercises = { "exercises/2.2a", "exercises/2.2b" },
  quiz = "quiz.lua",
}

-- Checks for 2.6b (python, robust.py). Pages answer after 0.5 s, /hang
-- never answers, /status/503 answers 503 after 0.1 s.
return {
  lab = {
    endpoints = {
      ["/page/*"] = { latency = 0.5, body = "<html>" },
      ["/hang"] = { hang = true },
    },
  },
  check.out {
    name = "each URL gets its page, timeout or HTTP status",
    points = 3,
    expect = "a -> <html>\nhang -> timeout\nb -> <html>\n"
          .. "503 -> HTTP 503\nc -> <html>\n",
    message = "Every URL must get a result, in order: the page text, "
           .. "\"timeout\" when no answer came in time, or \"HTTP <status>\" "
           .. "for an error status (call resp.raise_for_status() and catch "
           .. "lab.ClientResponseError).",
  },
  check.vtime {
    name = "the whole batch ends within the 2 s timeout",
    points = 1, min = 2, max = 2,
    message = "The run took {measured} virtual seconds. One URL never "
           .. "answers: with a 2 s timeout on the session, the batch ends "
           .. "after 2 s.",
  },
  check.noleak { name = "nothing left behind", points = 1 },
  check.noerror { name = "runs without an exception", points = 1 },
}

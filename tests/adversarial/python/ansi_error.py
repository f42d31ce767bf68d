# verdict: RE
# error: ValueError
# An error message with terminal escapes (clear screen, set the title, a
# C1 CSI, a bidi override): reports show them escaped or replaced, never
# raw (tests/adversarial/test_adversarial.sh checks res.json; the text
# report: tests/cli/test_grade_names.sh).
print("\033[2J\033]0;pwned\007 out")
raise ValueError("\033[2J\033]0;pwned\007 \u009b31m \u202eevil")

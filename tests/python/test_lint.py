# SPDX-License-Identifier: MIT
"""Tests for grader/python/looplab_lint.py: every rule has a positive and a
negative sample under lint/; a sample's findings must be exactly the
`# expect: RULE...` markers on its lines (negatives have none)."""
import glob
import json
import os
import re
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("LL_SOURCE_DIR", os.path.join(HERE, "..", ".."))
GRADER = os.path.join(SRC, "grader", "python")
sys.path.insert(0, GRADER)
import looplab_lint  # noqa: E402

SAMPLES = os.path.join(HERE, "lint")


def expected(path):
    want = set()
    with open(path) as f:
        for i, line in enumerate(f, 1):
            m = re.search(r"#\s*expect:\s*(.*)$", line)
            if m:
                for rule in m.group(1).split():
                    want.add((rule, i))
    return want


class LintSamples(unittest.TestCase):
    def test_every_rule_has_both_samples(self):
        for rule in looplab_lint.RULES:
            for kind in ("pos", "neg"):
                p = os.path.join(SAMPLES, "%s_%s.py" % (rule, kind))
                self.assertTrue(os.path.isfile(p), "missing sample %s" % p)
        self.assertEqual(len(looplab_lint.RULES), 14)

    def test_samples(self):
        files = sorted(glob.glob(os.path.join(SAMPLES, "*.py")))
        self.assertEqual(len(files), 28)
        for p in files:
            with self.subTest(sample=os.path.basename(p)):
                got = {(f.rule, f.line) for f in looplab_lint.lint_file(p)}
                want = expected(p)
                self.assertEqual(got, want)
                rule, kind = os.path.basename(p)[:-3].split("_")
                if kind == "pos":
                    self.assertIn(rule, {r for r, _ in got},
                                  "positive sample does not trigger its rule")
                else:
                    self.assertEqual(got, set())

    def test_every_finding_has_text(self):
        for f in looplab_lint.lint_file(os.path.join(SAMPLES, "LL001_pos.py")):
            d = f.as_dict()
            if f.line == 8:
                self.assertIn("time.sleep", d["problem"])
            self.assertTrue(d["fix"] and d["problem"] and d["category"])
            self.assertNotIn("{", d["problem"])


class ReviewCli(unittest.TestCase):
    def run_lint(self, *args):
        return subprocess.run(["/usr/bin/python3", "-I",
                               os.path.join(GRADER, "looplab_lint.py"), *args],
                              capture_output=True, text=True)

    def test_exit_codes_and_json(self):
        r = self.run_lint("--json", os.path.join(SAMPLES, "LL012_pos.py"))
        self.assertEqual(r.returncode, 1, r.stderr)
        d = json.loads(r.stdout)
        self.assertEqual(d["summary"]["findings"], 2)
        self.assertEqual(d["summary"]["high"], 1)
        self.assertEqual([f["rule"] for f in d["findings"]], ["LL012", "LL006"])
        r = self.run_lint(os.path.join(SAMPLES, "LL012_neg.py"))
        self.assertEqual(r.returncode, 0)
        self.assertIn("no async anti-patterns found", r.stdout)

    def test_text_review_layout(self):
        r = self.run_lint(os.path.join(SAMPLES, "LL001_pos.py"))
        self.assertEqual(r.returncode, 1)
        out = r.stdout
        self.assertIn("4 findings (4 high, 0 medium, 0 low)", out)
        self.assertIn("Blocking the event loop (4)", out)
        self.assertIn("LL001_pos.py:8:5  LL001 blocking-call (high)", out)
        self.assertIn("problem: `time.sleep()` blocks", out)
        self.assertIn("Recommendations, by priority:", out)
        self.assertIn("1. [high] blocking-call (lines 8, 9, 10, 11)", out)

    def test_bad_input(self):
        r = self.run_lint("/nonexistent/x.py")
        self.assertEqual(r.returncode, 2)
        self.assertIn("cannot read /nonexistent/x.py", r.stderr)
        bad = os.path.join(HERE, "lint_bad_syntax.tmp.py")
        with open(bad, "w") as f:
            f.write("def f(:\n")
        try:
            r = self.run_lint(bad)
        finally:
            os.unlink(bad)
        self.assertEqual(r.returncode, 2)
        self.assertIn(":1:", r.stderr)
        self.assertIn("syntax error", r.stderr)
        r = self.run_lint()
        self.assertEqual(r.returncode, 4)


@unittest.skipUnless(os.environ.get("LL_BINARY"), "LL_BINARY not set")
class ReviewCommand(unittest.TestCase):
    """`looplab review` through the binary: output passes through, exit
    0 no findings / 1 findings / 4 bad input."""

    def review(self, *args):
        return subprocess.run([os.environ["LL_BINARY"], "review", *args],
                              capture_output=True, text=True)

    def test_findings_and_clean(self):
        r = self.review(os.path.join(SAMPLES, "LL013_pos.py"))
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("LL013_pos.py:9:5  LL013 run-in-async (high)", r.stdout)
        self.assertIn("Recommendations, by priority:", r.stdout)
        r = self.review("--json", os.path.join(SAMPLES, "LL013_neg.py"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["summary"]["findings"], 0)

    def test_bad_input(self):
        r = self.review("/nonexistent/x.py")
        self.assertEqual(r.returncode, 4)
        self.assertIn("cannot read /nonexistent/x.py", r.stderr)
        r = self.review()
        self.assertEqual(r.returncode, 4)
        self.assertIn("usage: looplab review FILE.py [--json]", r.stderr)
        r = self.review("--frobnicate", "x.py")
        self.assertEqual(r.returncode, 4)


if __name__ == "__main__":
    unittest.main()

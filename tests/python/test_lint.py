# SPDX-License-Identifier: MIT
"""Tests for grader/python/looplab_lint.py (`looplab review`).

The labelled corpus under lint/: every rule has positive (LLxxx_pos*.py)
and negative (LLxxx_neg*.py) samples; a line's expected findings are its
`# expect: RULE...` marker, every other line expects none. The corpus test
scores recall and precision per rule and fails below 95% / 98%. lint/seeds/
holds the course seeds' pitfall snippets: every wrong_*.py finding must be
found and every right_*.py must be clean. Then the command line: the four
formats (text parsed with a quickfix regex, SARIF validated against a
SARIF 2.1.0 schema subset), noqa, --select/--ignore, --rules, folders,
exit codes, robustness (deep nesting, huge files, odd bytes) and speed.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("LL_SOURCE_DIR", os.path.join(HERE, "..", ".."))
GRADER = os.path.join(SRC, "grader", "python")
sys.path.insert(0, GRADER)
import looplab_lint  # noqa: E402

SAMPLES = os.path.join(HERE, "lint")
SEEDS = os.path.join(SAMPLES, "seeds")
LINT = os.path.join(GRADER, "looplab_lint.py")
RECALL_BAR, PRECISION_BAR = 0.95, 0.98
# The quickfix shape editors and CI parse: vim's default errorformat
# "%f:%l:%c: %m" with the code first in the message, as flake8/ruff print.
QUICKFIX = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): "
                      r"(?P<code>[A-Z]+\d+) (?P<msg>\S.*)$")


def expected(path):
    want = set()
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            m = re.search(r"#\s*expect:\s*(.*)$", line)
            if m:
                for rule in m.group(1).split():
                    want.add((rule, i))
    return want


def corpus_files():
    return sorted(glob.glob(os.path.join(SAMPLES, "*.py")) +
                  glob.glob(os.path.join(SEEDS, "*.py")))


def score():
    """{rule: [tp, fp, fn]} over the whole corpus, and the misses."""
    counts = {r: [0, 0, 0] for r in looplab_lint.RULES}
    misses = []
    for p in corpus_files():
        got = {(f.rule, f.line) for f in looplab_lint.lint_file(p)}
        want = expected(p)
        for rule, line in got & want:
            counts[rule][0] += 1
        for rule, line in got - want:
            counts[rule][1] += 1
            misses.append("%s:%d: unexpected %s" % (os.path.relpath(p, HERE), line, rule))
        for rule, line in want - got:
            counts.setdefault(rule, [0, 0, 0])[2] += 1
            misses.append("%s:%d: missed %s" % (os.path.relpath(p, HERE), line, rule))
    return counts, misses


def lint(*args, **kw):
    return subprocess.run(["/usr/bin/python3", "-I", LINT, *args], capture_output=True,
                          text=True, **kw)


class Corpus(unittest.TestCase):
    def test_every_rule_has_both_samples(self):
        self.assertGreaterEqual(len(looplab_lint.RULES), 24)
        for rule in looplab_lint.RULES:
            for kind in ("pos", "neg"):
                hits = glob.glob(os.path.join(SAMPLES, "%s_%s*.py" % (rule, kind)))
                self.assertTrue(hits, "missing sample %s_%s.py" % (rule, kind))

    def test_recall_and_precision_per_rule(self):
        counts, misses = score()
        lines = ["", "rule   slug                    TP  FP  FN  recall  precision"]
        bad = []
        for rule in sorted(counts):
            tp, fp, fn = counts[rule]
            recall = tp / (tp + fn) if tp + fn else 1.0
            precision = tp / (tp + fp) if tp + fp else 1.0
            slug = looplab_lint.RULES[rule].slug if rule in looplab_lint.RULES else "?"
            lines.append("%-6s %-22s %3d %3d %3d  %5.1f%%  %6.1f%%" % (
                rule, slug, tp, fp, fn, 100 * recall, 100 * precision))
            if tp + fn == 0:
                bad.append("%s has no positive case in the corpus" % rule)
            if recall < RECALL_BAR or precision < PRECISION_BAR:
                bad.append("%s: recall %.1f%%, precision %.1f%%" % (
                    rule, 100 * recall, 100 * precision))
        tot = [sum(c[i] for c in counts.values()) for i in range(3)]
        lines.append("all    %-22s %3d %3d %3d  %5.1f%%  %6.1f%%" % (
            "", tot[0], tot[1], tot[2], 100 * tot[0] / max(1, tot[0] + tot[2]),
            100 * tot[0] / max(1, tot[0] + tot[1])))
        sys.stderr.write("\n".join(lines) + "\n")
        for m in misses:
            sys.stderr.write("  " + m + "\n")
        self.assertEqual(bad, [])

    def test_negatives_are_clean_of_their_rule(self):
        for p in glob.glob(os.path.join(SAMPLES, "LL*_neg*.py")):
            rule = os.path.basename(p)[:5]
            with self.subTest(sample=os.path.basename(p)):
                got = {f.line for f in looplab_lint.lint_file(p) if f.rule == rule}
                self.assertEqual(got, set())

    def test_seeds_wrong_found_right_clean(self):
        wrong = sorted(glob.glob(os.path.join(SEEDS, "wrong_*.py")))
        right = sorted(glob.glob(os.path.join(SEEDS, "right_*.py")))
        self.assertGreaterEqual(len(wrong), 6)
        self.assertEqual([os.path.basename(p)[6:] for p in wrong],
                         [os.path.basename(p)[6:] for p in right])
        for p in wrong:
            with self.subTest(seed=os.path.basename(p)):
                want = expected(p)
                self.assertTrue(want, "a wrong seed must expect a finding")
                got = {(f.rule, f.line) for f in looplab_lint.lint_file(p)}
                self.assertEqual(want - got, set(), "wrong seed not found")
        for p in right:
            with self.subTest(seed=os.path.basename(p)):
                self.assertEqual([(f.rule, f.line) for f in looplab_lint.lint_file(p)], [])

    def test_every_finding_names_problem_fix_and_lesson(self):
        for p in corpus_files():
            for f in looplab_lint.lint_file(p):
                d = f.as_dict()
                with self.subTest(sample=os.path.basename(p), line=f.line, rule=f.rule):
                    self.assertTrue(d["problem"] and d["fix"] and d["category"])
                    self.assertNotIn("{", d["problem"] + d["fix"])
                    self.assertIn(d["lesson"], looplab_lint.LESSONS)
                    self.assertGreater(d["line"], 0)
        found = looplab_lint.lint_file(os.path.join(SAMPLES, "LL001_pos.py"))
        self.assertIn("`time.sleep()` blocks", found[0].as_dict()["problem"])
        self.assertIn("`sleep()` (time.sleep) blocks", found[1].as_dict()["problem"])

    def test_lessons_match_the_course(self):
        """Each rule's lesson id and title are the course's own."""
        found = {}
        for p in glob.glob(os.path.join(SRC, "lessons", "*", "*", "lesson.lua")):
            with open(p, encoding="utf-8") as f:
                text = f.read()
            m = re.search(r'^\s*id\s*=\s*"([^"]+)"\s*,\s*\n\s*title\s*=\s*"([^"]+)"', text,
                          re.M)
            if m:
                found[m.group(1)] = m.group(2)
        for lid, title in looplab_lint.LESSONS.items():
            self.assertEqual(found.get(lid), title, "lesson %s" % lid)
        for r in looplab_lint.RULES.values():
            self.assertIn(r.lesson, looplab_lint.LESSONS)

    def test_docs_list_every_rule(self):
        """docs/authoring.md's table has every rule's row exactly as the
        linter describes it (Rule.detects), so the two cannot drift."""
        with open(os.path.join(SRC, "docs", "authoring.md"), encoding="utf-8") as f:
            doc = f.read()
        for r in looplab_lint.RULES.values():
            row = "| `%s` | `%s` | %s | %s |" % (r.id, r.slug, r.lesson,
                                               r.detects.replace("|", "\\|"))
            self.assertIn(row, doc, "docs/authoring.md: the %s row is out of date" % r.id)

    def test_rule_ids_used_by_lessons_exist(self):
        for p in glob.glob(os.path.join(SRC, "lessons", "*", "*", "exercises", "*",
                                        "checks.lua")):
            with open(p, encoding="utf-8") as f:
                for rid in re.findall(r'"(LL\d{3})"', f.read()):
                    self.assertIn(rid, looplab_lint.RULES, p)


class Api(unittest.TestCase):
    """What the grader relies on: lint_file, Finding.as_dict, SyntaxError."""

    def test_as_dict_fields(self):
        d = looplab_lint.lint_file(os.path.join(SAMPLES, "LL007_pos.py"))[0].as_dict()
        for k in ("rule", "slug", "category", "priority", "line", "col", "problem", "fix",
                  "lesson"):
            self.assertIn(k, d)

    def test_unparsable_is_a_syntax_error(self):
        with self.assertRaises(SyntaxError):
            looplab_lint.lint_source("def f(:\n")
        with self.assertRaises(SyntaxError):
            looplab_lint.lint_source("x = " + "not " * 100000 + "y\n")
        with self.assertRaises(SyntaxError):
            looplab_lint.lint_source(b"x = 1\0\n")

    def test_a_rule_bug_is_one_error_not_a_crash(self):
        saved = looplab_lint._Linter.check_while
        looplab_lint._Linter.check_while = lambda *a: {}["boom"]
        try:
            with self.assertRaises(SyntaxError) as cm:
                looplab_lint.lint_source("async def f():\n    while x:\n        pass\n")
        finally:
            looplab_lint._Linter.check_while = saved
        self.assertEqual(cm.exception.kind, "internal error")
        self.assertIn("KeyError", cm.exception.msg)

    def test_grader_ignores_noqa(self):
        src = "import time\nasync def f():\n    time.sleep(1)  # noqa: LL001\n"
        self.assertIn("LL001", {f.rule for f in looplab_lint.lint_source(src)})
        self.assertNotIn("LL001", {f.rule for f in looplab_lint.lint_source(src, noqa=True)})

    def test_deep_but_parsable(self):
        """Nested deeper than the default recursion limit lets ast build:
        reviewed in the big-stack thread, findings intact."""
        src = ("import time\nasync def f():\n    time.sleep(1)\n    x = " + "-" * 5000 +
               "1\n    y = a" + ".b" * 20000 + "\n    await g(x, y)\n")
        rules = {(f.rule, f.line) for f in looplab_lint.lint_source(src)}
        self.assertIn(("LL001", 3), rules)
        src = "async def f():\n    return " + "+".join(["1"] * 30000) + "\n"
        self.assertEqual([f.rule for f in looplab_lint.lint_source(src)], ["LL021"])
        # elif chains nest in the tree without indentation: 5000 deep
        src = ("import time\nasync def f(x):\n    time.sleep(1)\n    if x == 0:\n"
               "        pass\n" + "".join("    elif x == %d:\n        pass\n" % i
                                        for i in range(1, 5000)) + "    await g()\n")
        self.assertEqual([(f.rule, f.line) for f in looplab_lint.lint_source(src)],
                         [("LL001", 3)])

    def test_columns_count_characters(self):
        src = 'import time\nasync def f():\n    x = "é"; time.sleep(1)\n'
        f = [f for f in looplab_lint.lint_source(src) if f.rule == "LL001"][0]
        self.assertEqual((f.line, f.col), (3, 14))  # bytes would say 15

    def test_resolve_rules(self):
        self.assertEqual(looplab_lint.resolve_rules("LL001,fire-and-forget"),
                         {"LL001", "LL007"})
        self.assertEqual(looplab_lint.resolve_rules("LL01"),
                         {"LL%03d" % i for i in range(10, 20)})
        with self.assertRaises(ValueError):
            looplab_lint.resolve_rules("LL999")


class Cli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="looplab-lint-test-")
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text, mode="w"):
        p = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, mode) as f:
            f.write(text)
        return p

    def test_review_format_is_the_default(self):
        r = lint(os.path.join(SAMPLES, "LL013_pos.py"))
        self.assertEqual(r.returncode, 1, r.stderr)
        out = r.stdout
        self.assertIn("LL013_pos.py:9:5  LL013 run-in-async (high)", out)
        self.assertIn("problem: `asyncio.run()` inside a coroutine", out)
        self.assertIn("learn:   lesson 1.5 Program shape", out)
        self.assertIn("Recommendations, by priority:", out)
        r = lint(os.path.join(SAMPLES, "LL013_neg.py"))
        self.assertEqual(r.returncode, 0)
        self.assertIn("no async anti-patterns found", r.stdout)

    def test_text_format_parses_with_the_quickfix_regex(self):
        r = lint("--format", "text", SAMPLES)
        self.assertEqual(r.returncode, 1, r.stderr)
        rows = r.stdout.splitlines()
        self.assertGreater(len(rows), 100)
        got = set()
        for row in rows:
            m = QUICKFIX.match(row)
            self.assertIsNotNone(m, row)
            self.assertTrue(os.path.isfile(m.group("file")), row)
            self.assertIn(m.group("code"), looplab_lint.RULES)
            self.assertIn("Fix: ", m.group("msg"))
            self.assertRegex(m.group("msg"), r"\(lesson \d\.\d ")
            got.add((os.path.abspath(m.group("file")), m.group("code"), int(m.group("line"))))
        want = set()
        for p in glob.glob(os.path.join(SAMPLES, "*.py")):
            want |= {(os.path.abspath(p), rule, line) for rule, line in expected(p)}
        self.assertEqual(want - got, set())

    def test_json_format(self):
        r = lint("--format", "json", os.path.join(SAMPLES, "LL012_pos.py"),
                 os.path.join(SAMPLES, "LL012_neg.py"))
        self.assertEqual(r.returncode, 1, r.stderr)
        d = json.loads(r.stdout)
        want = {(os.path.basename(p), rule, line) for p in (
            os.path.join(SAMPLES, "LL012_pos.py"), os.path.join(SAMPLES, "LL012_neg.py"))
            for rule, line in expected(p)}
        self.assertEqual(d["summary"]["files"], 2)
        self.assertEqual(d["summary"]["findings"], len(d["findings"]))
        self.assertEqual({(os.path.basename(f["file"]), f["rule"], f["line"])
                          for f in d["findings"]}, want)
        self.assertEqual(d["summary"]["high"] + d["summary"]["medium"] + d["summary"]["low"],
                         len(d["findings"]))
        self.assertEqual(d["errors"], [])
        r = lint("--json", os.path.join(SEEDS, "right_sequential.py"))
        self.assertEqual(r.returncode, 0)
        self.assertEqual(json.loads(r.stdout)["summary"]["findings"], 0)

    def check_sarif_structure(self, doc):
        """The properties SARIF 2.1.0 requires of what we write."""
        self.assertEqual(doc["version"], "2.1.0")
        self.assertIn("sarif", doc["$schema"])
        self.assertIsInstance(doc["runs"], list)
        for run in doc["runs"]:
            driver = run["tool"]["driver"]
            self.assertIsInstance(driver["name"], str)
            ids = [r["id"] for r in driver["rules"]]
            self.assertEqual(len(ids), len(set(ids)))
            for res in run["results"]:
                self.assertIn(res["ruleId"], ids)
                self.assertEqual(ids[res["ruleIndex"]], res["ruleId"])
                self.assertTrue(res["message"]["text"])
                self.assertIn(res["level"], ("none", "note", "warning", "error"))
                for loc in res["locations"]:
                    pl = loc["physicalLocation"]
                    self.assertIsInstance(pl["artifactLocation"]["uri"], str)
                    self.assertGreaterEqual(pl["region"]["startLine"], 1)
                    self.assertGreaterEqual(pl["region"]["startColumn"], 1)

    def test_sarif_format_validates(self):
        bad = self.write("broken.py", "def f(:\n")
        r = lint("--format", "sarif", os.path.join(SAMPLES, "LL001_pos.py"), bad)
        self.assertEqual(r.returncode, 1, r.stderr)
        doc = json.loads(r.stdout)
        self.check_sarif_structure(doc)
        self.assertGreater(len(doc["runs"][0]["results"]), 40)
        self.assertFalse(doc["runs"][0]["invocations"][0]["executionSuccessful"])
        try:
            import jsonschema
        except ImportError:
            self.skipTest("python3-jsonschema not installed (tools/deps.sh installs it)")
        with open(os.path.join(HERE, "sarif-2.1.0-subset.schema.json")) as f:
            schema = json.load(f)
        jsonschema.validate(doc, schema)
        doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"][
            "startLine"] = 0
        with self.assertRaises(jsonschema.ValidationError):
            jsonschema.validate(doc, schema)

    def test_noqa_select_ignore(self):
        p = self.write("n.py", "import asyncio, time\n\nasync def f():\n"
                       "    time.sleep(1)  # noqa: LL001\n    time.sleep(2)  # noqa\n"
                       "    time.sleep(3)  # noqa: LL007\n    asyncio.create_task(f())\n"
                       "    await asyncio.sleep(0)\n")
        r = lint("--format", "text", p)
        codes = [(int(m.group("line")), m.group("code"))
                 for m in map(QUICKFIX.match, r.stdout.splitlines())]
        self.assertEqual(codes, [(6, "LL001"), (7, "LL007")])
        r = lint("--format", "text", "--select", "fire-and-forget", p)
        self.assertEqual([QUICKFIX.match(x).group("code") for x in r.stdout.splitlines()],
                         ["LL007"])
        r = lint("--format", "text", "--ignore", "LL001,LL007", p)
        self.assertEqual((r.returncode, r.stdout), (0, ""))
        r = lint("--select", "LL999", p)
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown rule 'LL999'", r.stderr)

    def test_rules_listing(self):
        r = lint("--rules")
        self.assertEqual(r.returncode, 0)
        for rule in looplab_lint.RULES.values():
            self.assertIn("%s  %s" % (rule.id, rule.slug), r.stdout)
        r = lint("--rules", "--format", "json")
        rules = json.loads(r.stdout)["rules"]
        self.assertEqual(len(rules), len(looplab_lint.RULES))
        self.assertTrue(all(x["flags"] and x["fix"] and x["lesson"] for x in rules))

    def test_folders_and_errors(self):
        self.write("pkg/a.py", "import time\nasync def f():\n    time.sleep(1)\n")
        self.write("pkg/b.py", "def broken(:\n")
        self.write("pkg/c.py", "x = 1\n")
        self.write("pkg/.venv/skip.py", "import time\nasync def f():\n    time.sleep(1)\n")
        self.write("pkg/d.txt", "not python")
        r = lint("--format", "text", os.path.join(self.dir, "pkg"))
        self.assertEqual(r.returncode, 1)
        rows = r.stdout.splitlines()
        self.assertTrue(any(x.endswith("b.py:1:12: E999 syntax error: invalid syntax")
                            for x in rows), rows)
        self.assertTrue(any("a.py:3:5: LL001" in x for x in rows), rows)
        self.assertFalse(any("skip.py" in x for x in rows))
        r = lint(os.path.join(self.dir, "pkg"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("b.py:1:12: syntax error: invalid syntax", r.stderr)
        self.assertNotIn("Traceback", r.stderr)
        self.assertIn("Reviewed 3 files: 1 finding in 1 file; 1 could not be parsed", r.stdout)
        r = lint("--format", "json", os.path.join(self.dir, "pkg", "c.py"))
        self.assertEqual(r.returncode, 0)

    def test_exit_codes(self):
        self.assertEqual(lint().returncode, 2)
        r = lint("--frobnicate", "x.py")
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown option --frobnicate", r.stderr)
        r = lint("--format", "xml", "x.py")
        self.assertEqual(r.returncode, 2)
        r = lint("--fromat", "text", "x.py")
        self.assertIn("unknown option --fromat (did you mean '--format'?)", r.stderr)
        r = lint("--select", "blocking-cal", "x.py")
        self.assertIn("(did you mean 'blocking-call'?)", r.stderr)
        r = lint("/nonexistent/x.py")
        self.assertEqual(r.returncode, 2)
        self.assertIn("cannot read /nonexistent/x.py", r.stderr)
        r = lint("--exit-zero", os.path.join(SAMPLES, "LL001_pos.py"))
        self.assertEqual(r.returncode, 0)

    def test_robust_inputs(self):
        """Deep nesting, a huge file, stray bytes, NULs: one clear error
        at most, never a traceback."""
        deep_ok = self.write("deep_ok.py", "import time\nasync def f():\n    time.sleep(1)\n"
                             "    return " + "not " * 2000 + "x\n")
        too_deep = self.write("too_deep.py", "x = " + "not " * 100000 + "y\n")
        parens = self.write("parens.py", "x = " + "(" * 1000 + "1" + ")" * 1000 + "\n")
        blocks = self.write("blocks.py", "".join("    " * i + "if x:\n" for i in range(99)) +
                            "    " * 99 + "pass\n")
        latin = self.write("latin.py", b"# caf\xe9 \xff\nimport time\nasync def f():\n"
                           b"    time.sleep(1)\n", "wb")
        cookie = self.write("cookie.py", b"# -*- coding: latin-1 -*-\n# caf\xe9\n"
                            b"import time\nasync def f():\n    time.sleep(1)\n", "wb")
        nul = self.write("nul.py", b"x = 1\0\n", "wb")
        huge = self.write("huge.py", "import asyncio\n" + "".join(
            "async def f%d():\n    await asyncio.sleep(%d)\n\n" % (i, i) for i in range(20000)))
        fifo = os.path.join(self.dir, "fifo.py")
        os.mkfifo(fifo)
        r = lint("--format", "text", deep_ok, too_deep, parens, blocks, latin, cookie, nul, huge,
                 fifo, timeout=60)
        self.assertNotIn("Traceback", r.stderr)
        self.assertEqual(r.returncode, 1)
        out = r.stdout
        self.assertIn("deep_ok.py:3:5: LL001", out)
        self.assertIn("too_deep.py:1:1: E999 cannot parse: too deeply nested", out)
        self.assertIn("parens.py:1:", out)
        self.assertIn("too many nested parentheses", out)
        self.assertNotIn("blocks.py", out)
        self.assertIn("latin.py:4:5: LL001", out)
        self.assertIn("cookie.py:5:5: LL001", out)
        self.assertIn("nul.py:1:1: E999 cannot parse: source code string cannot contain "
                      "null bytes", out)
        self.assertNotIn("huge.py", out)
        self.assertIn("fifo.py:1:1: E902 cannot read: not a regular file", out)

    def test_ten_thousand_lines_not_quadratic(self):
        """A guard against a rule going quadratic, not a speed claim (the
        speed is bench/lint's to measure: 10,000 lines in ~0.3 s of CPU):
        the budget is 5 s of CPU time, wide enough for a loaded machine
        and still far below what a quadratic rule would take."""
        bench = os.path.join(SRC, "bench", "lint", "lint_bench.py")
        r = subprocess.run(["/usr/bin/python3", bench, "--reps", "1", "--budget", "5"],
                           capture_output=True, text=True)
        sys.stderr.write("\n" + r.stdout)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)


@unittest.skipUnless(os.environ.get("LL_BINARY"), "LL_BINARY not set")
class ReviewCommand(unittest.TestCase):
    """`looplab review` through the binary: output passes through; exit 0
    clean, 1 findings or unparsable files, 2 usage errors."""

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
        r = self.review("--format", "text", "--select", "LL013", SAMPLES)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertTrue(all(QUICKFIX.match(x) for x in r.stdout.splitlines()))
        r = self.review("--format", "sarif", os.path.join(SAMPLES, "LL013_pos.py"))
        self.assertEqual(json.loads(r.stdout)["version"], "2.1.0")
        r = self.review("--rules")
        self.assertEqual(r.returncode, 0)
        self.assertIn("LL015  forgotten-await", r.stdout)

    def test_bad_input(self):
        r = self.review("/nonexistent/x.py")
        self.assertEqual(r.returncode, 2)
        self.assertIn("cannot read /nonexistent/x.py", r.stderr)
        r = self.review()
        self.assertEqual(r.returncode, 2)
        self.assertIn("usage: looplab review", r.stderr)
        r = self.review("--frobnicate", "x.py")
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    unittest.main()

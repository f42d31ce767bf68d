# SPDX-License-Identifier: MIT
"""Thread exercises graded end to end through `looplab check` (fixtures
`th`, a shared counter over seeds x scenarios in thread mode "ops", and
`tp`, a four-worker pool on the virtual clock): a lost update is found
under a seed of the explored set on every grading and replays with
--seed; a lock-ordering deadlock is reported with its cycle; the pool
grades identically twenty times with both cores busy."""

import glob
import json
import os
import re
import subprocess
import tempfile
import unittest

from test_checks import BIN, EX, check, check_json

TH = os.path.join(EX, "th")
TP = os.path.join(EX, "tp")


@unittest.skipUnless(BIN and os.access(BIN, os.X_OK), "LL_BINARY not set")
class ThreadExercises(unittest.TestCase):

    def test_lost_update_found_every_time_and_replayed(self):
        starter = os.path.join(TH, "starter", "sub.py")
        d = check_json("th", starter)
        self.assertEqual(d["verdict"], "FAIL")
        msg = d["_by"]["nolost"]["message"]
        seed = int(re.search(r"replay it: looplab check th --seed (\d+)", msg).group(1))
        self.assertNotEqual(seed, 0)
        got = re.search(r'got "counter = (\d+)"', msg).group(1)
        self.assertLess(int(got), 800)
        # the same grading finds the same seed and the same lost update
        again = check_json("th", starter)
        self.assertEqual(again["_by"]["nolost"]["message"], msg)
        # and --seed replays exactly that run
        r = check_json("th", starter, "--seed", str(seed))
        self.assertEqual(r["seed"], seed)
        self.assertIn('got "counter = %s"' % got, r["_by"]["nolost"]["message"])
        self.assertIn("count", r["_failed"])

    def test_locked_counter_passes_every_seed(self):
        d = check_json("th", os.path.join(TH, "solution", "sub.py"))
        self.assertEqual(d["verdict"], "PASS", json.dumps(d["tests"], indent=1))

    def test_wrong_solutions_fail_exactly_their_checks(self):
        for ex in ("th", "tp"):
            for m in sorted(glob.glob(os.path.join(EX, ex, "wrong", "*.py"))):
                with open(m) as f:
                    want = set(re.match(r"# fails: (.*)", f.readline()).group(1).split())
                with self.subTest(wrong=os.path.relpath(m, EX)):
                    d = check_json(ex, m)
                    self.assertEqual(d["_failed"], want, json.dumps(d["tests"], indent=1))

    def test_deadlock_is_reported_with_its_cycle(self):
        m = os.path.join(TH, "wrong", "twolocks.py")
        d = check_json("th", m)
        self.assertEqual(d["verdict"], "RE")
        text = json.dumps(d["message"]) + json.dumps(d["tests"])
        self.assertRegex(text, r"deadlock: Thread-\d \(work\) holds lock_[ab] and waits "
                               r"for lock_[ab]; Thread-\d \(work\) holds lock_[ab] and "
                               r"waits for lock_[ab]")
        seed = int(re.search(r"looplab check th --seed (\d+)", text).group(1))
        r = check_json("th", m, "--seed", str(seed))
        self.assertEqual(r["verdict"], "RE")
        cyc = re.search(r"deadlock: [^\\]*", text).group(0)
        self.assertIn(cyc, json.dumps(r["message"]))

    def test_trace_has_a_row_per_thread(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "trace.jsonl")
            check("th", os.path.join(TH, "starter", "sub.py"), "--trace", out)
            with open(out) as f:
                evs = [json.loads(x) for x in f if x.strip()]
        rows = {e["task"]: e["name"] for e in evs if e["ev"] == "spawn"}
        self.assertEqual(len(rows), 5, rows)
        self.assertIn("MainThread", rows.values())
        self.assertTrue(any(e["ev"] == "run" for e in evs))

    def test_pool_in_virtual_time(self):
        d = check_json("tp", os.path.join(TP, "solution", "sub.py"))
        self.assertEqual(d["verdict"], "PASS", json.dumps(d["tests"], indent=1))
        self.assertEqual(d["vtime"], 3.0)
        m = check_json("tp", os.path.join(TP, "wrong", "two.py"))
        self.assertIn("vtime", m["_failed"])

    def test_twenty_pool_gradings_are_identical_under_load(self):
        spin = [subprocess.Popen(["/usr/bin/python3", "-c", "while True: pass"])
                for _ in range(2)]
        try:
            seen = set()
            for _ in range(20):
                d = check_json("tp", os.path.join(TP, "solution", "sub.py"))
                for k in ("wall", "_by", "_failed", "_rc"):
                    d.pop(k, None)
                seen.add(json.dumps(d, sort_keys=True))
        finally:
            for p in spin:
                p.kill()
                p.wait()
        self.assertEqual(len(seen), 1, "\n".join(seen))
        self.assertEqual(json.loads(seen.pop())["verdict"], "PASS")


if __name__ == "__main__":
    unittest.main()

# SPDX-License-Identifier: MIT
"""Harness extras: lab services, blocking probes (sockets, open(), requests),
--cancel-at, the main task's result, thread/process counts, --lint and the
start marker. Runs grader/python/looplab_harness.py like the C grader."""
import json
import os
import unittest

import test_harness as th

run_harness = th.run_harness

LAB = json.dumps({"endpoints": {"/slow": {"latency": 2},
                                "/flaky": {"status": [500, 200]},
                                "/never": {"hang": True},
                                "/capped": {"latency": 1, "max_concurrent": 2}}})


class LabTests(unittest.TestCase):
    assertResult = th.HarnessTests.assertResult

    def test_fetch_counts_concurrency(self):
        r = run_harness("""
            import asyncio
            from looplab import lab
            async def main():
                rs = await asyncio.gather(*(lab.fetch("http://lab/slow") for _ in range(4)))
                print([x.status for x in rs], await rs[0].text())
                r = await lab.fetch("http://lab/delay/0.5")
                print(r.status)
            asyncio.run(main())
        """, "--lab", LAB)
        self.assertResult(r, "ok")
        self.assertEqual(r.result["vtime"], 2.5)
        self.assertEqual(r.out, "[200, 200, 200, 200] ok /slow\n200\n")
        self.assertEqual(r.result["lab"]["peak"], {"http": 4})
        self.assertEqual(r.result["lab"]["requests"], 5)
        begins = [e for e in r.ev("io_begin") if e["what"] == "http"]
        self.assertEqual(len(begins), 5)
        self.assertEqual({e["name"] for e in begins[:4]}, {"Task-2", "Task-3", "Task-4", "Task-5"})

    def test_failure_table_and_429(self):
        r = run_harness("""
            import asyncio
            from looplab import lab
            async def main():
                a = await lab.fetch("http://lab/flaky")
                b = await lab.fetch("http://lab/flaky")
                print(a.status, b.status)
                rs = await asyncio.gather(*(lab.fetch("http://lab/capped") for _ in range(3)))
                print(sorted(x.status for x in rs))
            asyncio.run(main())
        """, "--lab", LAB)
        self.assertResult(r, "ok")
        self.assertEqual(r.out, "500 200\n[200, 200, 429]\n")
        self.assertEqual(r.result["lab"]["rejected"], 1)
        self.assertEqual(r.result["lab"]["failed"], 1)

    def test_hang_needs_a_timeout(self):
        r = run_harness("""
            import asyncio
            from looplab import lab
            async def main():
                await lab.fetch("http://lab/never")
            asyncio.run(main())
        """, "--lab", LAB)
        self.assertResult(r, "deadlock")
        self.assertIn('await lab.fetch("http://lab/never")', r.result["error"])
        r = run_harness("""
            import asyncio
            from looplab import lab
            async def main():
                try:
                    await lab.fetch("http://lab/never", timeout=3)
                except asyncio.TimeoutError:
                    print("timed out")
            asyncio.run(main())
        """, "--lab", LAB)
        self.assertResult(r, "ok")
        self.assertEqual(r.out, "timed out\n")
        self.assertEqual(r.result["vtime"], 3.0)

    def test_session_and_unclosed_warning(self):
        r = run_harness("""
            import asyncio, gc
            from looplab import lab
            async def main():
                async with lab.Session(timeout=5) as s:
                    async with s.get("http://lab/x") as resp:
                        print(resp.status, await resp.text())
                leak = lab.Session()
                await leak.get("http://lab/y")
                del leak
                gc.collect()
            asyncio.run(main())
        """)
        self.assertResult(r, "ok")
        self.assertEqual(r.out, "200 ok /x\n")
        self.assertTrue(any("Unclosed client session" in w for w in r.result["warnings"]),
                        r.result["warnings"])

    def test_blocking_calls_are_reported_with_their_task(self):
        r = run_harness("""
            import asyncio, socket
            from looplab import lab
            async def worker():
                lab.block(1.5)
                lab.fetch_sync("http://lab/slow")
                with open(__file__) as f:
                    f.read(10)
                a, b = socket.socketpair()
                a.sendall(b"x")
                b.recv(1)
                a.close(); b.close()
            async def main():
                await asyncio.create_task(worker(), name="w")
            asyncio.run(main())
        """, "--lab", LAB)
        self.assertResult(r, "ok")
        whats = [(b["task"], b["what"]) for b in r.result["blocking"]]
        self.assertEqual(whats[0], ("w", "lab.block(1.5)"))
        self.assertEqual(whats[1], ("w", "blocking HTTP request http://lab/slow"))
        self.assertTrue(whats[2][1].startswith("blocking file I/O: open("), whats)
        self.assertIn(("w", "blocking socket call: socket.sendall()"), whats)
        self.assertIn(("w", "blocking socket call: socket.recv()"), whats)
        self.assertEqual(r.result["vtime"], 3.5)      # 1.5 + the 2 s endpoint

    def test_requests_is_patched_when_imported(self):
        fake = """
            def get(url, **kw):
                return "real " + url
        """
        r = run_harness("""
            import asyncio, requests
            async def main():
                r = requests.get("http://lab/slow")
                print(r.status_code, r.text)
                print(requests.get("http://example.invalid/"))
            asyncio.run(main())
        """, "--lab", LAB, files={"requests.py": fake})
        self.assertResult(r, "ok")
        self.assertEqual(r.out, "200 ok /slow\nreal http://example.invalid/\n")
        whats = [b["what"] for b in r.result["blocking"]]
        self.assertEqual(whats, ["blocking HTTP request http://lab/slow",
                                 "blocking HTTP: requests.get('http://example.invalid/')"])
        self.assertEqual(r.result["vtime"], 2.0)

    def test_cancel_at_and_result(self):
        src = """
            import asyncio
            async def main():
                try:
                    await asyncio.sleep(5)
                finally:
                    print("cleanup")
                return {"a": [1, 2]}
            asyncio.run(main())
        """
        r = run_harness(src)
        self.assertResult(r, "ok")
        self.assertEqual(r.result["main_end"], "done")
        self.assertEqual(r.result["result"], {"a": [1, 2]})
        r = run_harness(src, "--cancel-at", "1.5")
        self.assertResult(r, "error")
        self.assertEqual(r.result["main_end"], "cancel")
        self.assertEqual(r.result["exc_type"], "CancelledError")
        self.assertEqual(r.result["vtime"], 1.5)
        self.assertEqual(r.out, "cleanup\n")

    def test_thread_and_process_counts(self):
        r = run_harness("""
            import asyncio, os, threading, subprocess
            from concurrent.futures import ThreadPoolExecutor
            ts = [threading.Thread(target=lambda: None) for _ in range(3)]
            for t in ts: t.start()
            for t in ts: t.join()
            with ThreadPoolExecutor(2) as ex:
                list(ex.map(lambda x: x, range(4)))
            subprocess.run(["true"])
            pid = os.fork()
            if pid == 0:
                os._exit(0)
            os.waitpid(pid, 0)
        """)
        self.assertResult(r, "ok")
        self.assertEqual(r.result["threads"]["started"], 3)
        self.assertGreaterEqual(r.result["threads"]["workers"], 1)
        self.assertEqual(r.result["procs"]["started"], 2)
        self.assertEqual(r.result["procs"]["leftover"], 0)

    def test_lint_and_start_marker(self):
        r = run_harness("""
            import asyncio
            async def main():
                asyncio.ensure_future(asyncio.sleep(0))
            asyncio.run(main())
        """, "--lint")
        self.assertResult(r, "ok")
        self.assertEqual(sorted(f["rule"] for f in r.result["lint"]), ["LL007", "LL014"])
        self.assertEqual(r.lines[0]["ev"], "start")
        r = run_harness("import os\nos._exit(0)\n")
        self.assertEqual([e["ev"] for e in r.lines], ["start"])   # no result line

    def test_student_cannot_shadow_the_lab(self):
        r = run_harness("""
            import asyncio
            from looplab import lab
            async def main():
                print((await lab.fetch("http://lab/a")).status)
            asyncio.run(main())
        """, files={"looplab.py": "raise SystemExit('shadowed')\n"})
        self.assertResult(r, "ok")
        self.assertEqual(r.out, "200\n")


if __name__ == "__main__":
    unittest.main()

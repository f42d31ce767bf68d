# SPDX-License-Identifier: MIT
"""Thread mode of the harness (grader/python/looplab/_threads.py).

Harness level: threads take turns on a baton, switch where the seed says,
sleep on the virtual clock, and every thread event is in the trace; a race
shows under some seed and replays; a deadlock names its cycle. The
end-to-end half (test_threads_grader.py) grades the fixture exercises
`th` and `tp` through the binary.
"""

import re
import unittest

from test_harness import run_harness

COUNTER = """
    import threading
    counter = 0
    LOCK = threading.Lock()
    def work(n):
        global counter
        for _ in range(n):
            %s
    threads = [threading.Thread(target=work, args=(100,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(counter)
"""
UNLOCKED = COUNTER % "counter += 1"
LOCKED = COUNTER % "with LOCK: counter += 1"

DEADLOCK = """
    import threading
    lock_a = threading.Lock()
    lock_b = threading.Lock()
    def work(n, first, second):
        for _ in range(n):
            with first:
                with second:
                    pass
    t1 = threading.Thread(target=work, args=(50, lock_a, lock_b))
    t2 = threading.Thread(target=work, args=(50, lock_b, lock_a))
    t1.start(); t2.start(); t1.join(); t2.join()
    print("done")
"""

POOL = """
    import time
    from concurrent.futures import ThreadPoolExecutor
    def job(i):
        time.sleep(1)
        return i * i
    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as ex:
        print(list(ex.map(job, range(10))))
    print("took %.3f" % (time.monotonic() - t0))
"""


def seeded(source, seed, mode="ops"):
    return run_harness(source, "--threads", mode, "--seed", str(seed), timeout=60)


class ThreadMode(unittest.TestCase):

    def ok(self, r):
        self.assertEqual(r.result.get("status"), "ok", r.result.get("error") or r.err)

    # ---- races ------------------------------------------------------------
    def test_lost_update_under_some_seed_and_its_replay(self):
        outs = {}
        for seed in range(0, 5):
            r = seeded(UNLOCKED, seed)
            self.ok(r)
            outs[seed] = int(r.out.strip())
        self.assertEqual(outs[0], 400, "seed 0 is the natural order: no switch")
        lost = [s for s in outs if outs[s] < 400]
        self.assertTrue(lost, outs)
        again = seeded(UNLOCKED, lost[0])
        self.assertEqual(int(again.out.strip()), outs[lost[0]], "the seed replays")
        self.assertGreater(again.result["sched"]["switches"], 0)

    def test_lock_never_loses_an_update(self):
        for seed in range(0, 5):
            r = seeded(LOCKED, seed)
            self.ok(r)
            self.assertEqual(r.out.strip(), "400", "seed %d" % seed)

    def test_on_mode_switches_only_at_sync_points(self):
        # no switch point inside `counter += 1`: the race cannot show
        for seed in (1, 2, 3):
            r = seeded(UNLOCKED, seed, mode="on")
            self.ok(r)
            self.assertEqual(r.out.strip(), "400")

    def test_lines_mode_finds_check_then_act(self):
        src = """
            import threading
            balance = 100
            go = threading.Event()
            def withdraw(amount):
                global balance
                go.wait()
                if balance >= amount:
                    new = balance - amount
                    balance = new
                    print("withdrew", amount)
            ts = [threading.Thread(target=withdraw, args=(80,)) for _ in range(2)]
            for t in ts: t.start()
            go.set()
            for t in ts: t.join()
            print("balance", balance)
        """
        seen = set()
        for seed in range(0, 8):
            r = seeded(src, seed, mode="lines")
            self.ok(r)
            seen.add(r.out.count("withdrew"))
        self.assertEqual(seen, {1, 2}, "both the right and the racy outcome")

    def test_busy_wait_gets_a_time_slice(self):
        src = """
            import threading
            done = False
            def setter():
                global done
                done = True
            t = threading.Thread(target=setter)
            t.start()
            n = 0
            while not done:
                n += 1
            t.join()
            print("spun", n)
        """
        for mode in ("on", "ops"):
            r = seeded(src, 0, mode=mode)
            self.ok(r)
            self.assertRegex(r.out, r"^spun \d+\n$")

    # ---- deadlock ---------------------------------------------------------
    def test_deadlock_names_the_cycle_and_replays(self):
        found = None
        for seed in range(1, 9):
            r = seeded(DEADLOCK, seed)
            if r.result["status"] == "deadlock":
                found = (seed, r)
                break
            self.ok(r)
        self.assertIsNotNone(found, "no seed in 1..8 deadlocks")
        seed, r = found
        err = r.result["error"]
        self.assertRegex(err, r"^deadlock: Thread-\d \(work\) holds lock_[ab] and "
                              r"waits for lock_[ab]; Thread-\d \(work\) holds lock_[ab] "
                              r"and waits for lock_[ab]")
        self.assertIn("holds lock_a and waits for lock_b", err)
        self.assertIn("holds lock_b and waits for lock_a", err)
        self.assertIn("with second:", err)          # the student's line
        cyc = r.result["deadlock"]["cycle"]
        self.assertEqual(sorted(c["waits"] for c in cyc), ["lock_a", "lock_b"])
        self.assertEqual(r.rc, 1)
        again = seeded(DEADLOCK, seed)
        strip = lambda e: re.sub(r"/tmp/llh-\w+/", "", e)
        self.assertEqual(strip(again.result["error"]), strip(err))
        self.assertEqual(seeded(DEADLOCK, 0).out.strip(), "done")

    def test_join_forever_is_a_deadlock(self):
        r = seeded("""
            import threading
            ev = threading.Event()
            t = threading.Thread(target=ev.wait, name="waiter")
            t.start()
            t.join()
        """, 0, mode="on")
        self.assertEqual(r.result["status"], "deadlock")
        self.assertIn("deadlock: every thread is blocked", r.result["error"])
        self.assertIn("MainThread: blocked in join waiter", r.result["error"])
        self.assertIn("waiter: blocked in wait on ev", r.result["error"])

    # ---- time -------------------------------------------------------------
    def test_pool_takes_three_virtual_seconds(self):
        for seed in (0, 1, 2):
            r = seeded(POOL, seed, mode="on")
            self.ok(r)
            self.assertEqual(r.out, "[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]\ntook 3.000\n")
            self.assertEqual(r.result["vtime"], 3.0)
            self.assertEqual(r.result["threads"]["workers"], 4)

    def test_sleeping_threads_overlap(self):
        r = seeded("""
            import threading, time
            def nap(s):
                time.sleep(s)
                print("woke", s, time.monotonic() - T0)
            T0 = time.monotonic()
            ts = [threading.Thread(target=nap, args=(s,)) for s in (3, 1, 2)]
            for t in ts: t.start()
            for t in ts: t.join()
        """, 0, mode="on")
        self.ok(r)
        self.assertEqual(r.out, "woke 1 1.0\nwoke 2 2.0\nwoke 3 3.0\n")
        self.assertEqual(r.result["vtime"], 3.0)

    def test_primitives(self):
        r = seeded("""
            import threading, queue, time
            q = queue.Queue(maxsize=2)
            def producer():
                for i in range(4):
                    q.put(i)
                q.put(None)
            def consumer():
                while (item := q.get()) is not None:
                    time.sleep(0.5)
                    print("got", item)
            ts = [threading.Thread(target=producer), threading.Thread(target=consumer)]
            for t in ts: t.start()
            for t in ts: t.join()
            cv = threading.Condition()
            box = []
            def waiter():
                with cv:
                    cv.wait_for(lambda: box)
                    print("woke with", box[0])
            w = threading.Thread(target=waiter); w.start()
            time.sleep(1)
            with cv:
                box.append("x"); cv.notify_all()
            w.join()
            ev = threading.Event()
            print("timeout", ev.wait(0.25))
            threading.Timer(2, ev.set).start()
            print("set", ev.wait(5))
            sem = threading.BoundedSemaphore(2)
            inside = [0, 0]
            def guarded():
                with sem:
                    inside[0] += 1
                    inside[1] = max(inside)
                    time.sleep(1)
                    inside[0] -= 1
            ts = [threading.Thread(target=guarded) for _ in range(5)]
            for t in ts: t.start()
            for t in ts: t.join()
            print("peak", inside[1])
            rl = threading.RLock()
            with rl:
                with rl:
                    print("reentrant")
            b = threading.Barrier(3)
            def at_barrier(i):
                time.sleep(i)
                b.wait()
                print("through", i)
            ts = [threading.Thread(target=at_barrier, args=(i,)) for i in range(3)]
            for t in ts: t.start()
            for t in ts: t.join()
        """, 3, mode="on")
        self.ok(r)
        self.assertEqual(r.out.splitlines()[:9], [
            "got 0", "got 1", "got 2", "got 3", "woke with x", "timeout False",
            "set True", "peak 2", "reentrant"])
        self.assertEqual(sorted(r.out.splitlines()[9:]), ["through 0", "through 1", "through 2"])
        # 2 s of queue work, 1 s before notify, 0.25 s timeout, the timer's
        # 2 s, 3 rounds of the semaphore (5 threads, 2 at once), 2 s barrier
        self.assertEqual(r.result["vtime"], 2.0 + 1.0 + 0.25 + 2.0 + 3.0 + 2.0)

    # ---- trace ------------------------------------------------------------
    def test_every_thread_has_a_row_and_its_events(self):
        r = seeded("""
            import threading, queue
            from concurrent.futures import ThreadPoolExecutor
            lock = threading.Lock()
            q = queue.Queue()
            def work(i):
                with lock:
                    q.put(i)
            ts = [threading.Thread(target=work, args=(i,), name="w%d" % i) for i in range(2)]
            for t in ts: t.start()
            for t in ts: t.join()
            print(q.get(), q.get())
            with ThreadPoolExecutor(max_workers=2) as ex:
                print(sorted(ex.map(abs, [-1, -2, -3])))
        """, 0, mode="on")
        self.ok(r)
        spawned = {e["task"]: e["name"] for e in r.ev("spawn")}
        names = set(spawned.values())
        self.assertTrue({"MainThread", "w0", "w1"} <= names, names)
        self.assertEqual(len([n for n in names if n.startswith("ThreadPoolExecutor")]), 2)
        ids = set(spawned)
        for kind in ("run", "done"):
            self.assertTrue(r.ev(kind), kind)
        self.assertTrue(all(e["task"] in ids for e in r.ev("run")))
        acq = [e for e in r.ev("lock_acquire") if e["what"] == "lock"]
        rel = [e for e in r.ev("lock_release") if e["what"] == "lock"]
        self.assertEqual(len(acq), 2)
        self.assertEqual(len(rel), 2)
        self.assertEqual([e["what"] for e in r.ev("queue_put")], ["q size=1", "q size=2"])
        self.assertEqual([e["what"] for e in r.ev("queue_get")], ["q size=1", "q size=0"])
        self.assertEqual(len(r.ev("job_submit")), 3)
        starts = r.ev("job_start")
        self.assertEqual(len(starts), 3)
        self.assertTrue(all(e["worker"] in (0, 1) and e["task"] in ids for e in starts))
        self.assertEqual([e["what"] for e in r.ev("job_end")], ["ok"] * 3)
        lst = r.result["threads"]["list"]
        self.assertEqual([t["end"] for t in lst], ["done"] * 4)
        self.assertEqual(r.result["sched"]["mode"], "on")
        # outputs carry the thread that printed
        self.assertEqual(r.ev("output")[0]["name"], "MainThread")

    def test_thread_exception_is_listed(self):
        r = seeded("""
            import threading
            def boom():
                raise ValueError("bad")
            t = threading.Thread(target=boom, name="b")
            t.start(); t.join()
            print("after")
        """, 0, mode="on")
        self.ok(r)
        self.assertEqual(r.out, "after\n")
        self.assertIn("ValueError: bad", r.err)
        self.assertEqual(r.result["threads"]["errors"], 1)
        self.assertEqual(r.result["threads"]["list"][0]["error"], "ValueError: bad")
        self.assertEqual([e["what"] for e in r.ev("error")], ["ValueError: bad"])

    def test_leftover_daemon_and_unjoined_threads(self):
        r = seeded("""
            import threading, time
            def forever():
                while True:
                    time.sleep(1)
            threading.Thread(target=forever, daemon=True).start()
            def late():
                time.sleep(2)
                print("late")
            threading.Thread(target=late).start()
            print("main ends")
        """, 0, mode="on")
        self.ok(r)
        self.assertEqual(r.out, "main ends\nlate\n")
        self.assertEqual(r.result["vtime"], 2.0)

    # ---- modes --------------------------------------------------------------
    def test_auto_mode(self):
        r = run_harness(UNLOCKED)
        self.ok(r)
        self.assertEqual(r.result["sched"]["mode"], "on")
        r = run_harness("""
            import asyncio, threading
            async def main():
                await asyncio.to_thread(print, "hi")
            asyncio.run(main())
        """)
        self.ok(r)
        self.assertNotIn("sched", r.result)
        self.assertEqual(r.out, "hi\n")

    def test_call_scenario_in_thread_mode(self):
        r = run_harness("""
            import threading
            def count(n):
                box = []
                ts = [threading.Thread(target=box.append, args=(i,)) for i in range(n)]
                for t in ts: t.start()
                for t in ts: t.join()
                return sorted(box)
        """, "--threads", "ops", "--seed", "2", "--call", "count", "--args", "[3]")
        self.ok(r)
        self.assertEqual(r.result["result"], [0, 1, 2])
        self.assertEqual(r.result["main_end"], "done")

    def test_same_seed_same_trace(self):
        a = seeded(UNLOCKED, 3)
        b = seeded(UNLOCKED, 3)
        strip = lambda r: [(e["t"], e["ev"], e["task"], e["what"]) for e in r.events]
        self.assertEqual(strip(a), strip(b))


if __name__ == "__main__":
    unittest.main()

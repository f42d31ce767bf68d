#!/usr/bin/env python3
"""bench/summarize.py OUT.tsv -- per-op table and looplab/uvloop ratios.

Reads the TSV written by bench/run.sh (one peer line per row), takes the
median over reps of each (peer, workload, n), and prints a Markdown table:
per-op cost for every peer, looplab's ratio against uvloop and the issue-3
target with a verdict. With looplab rows at both N=10^4 and N=10^6, it also
prints the scaling check (per-op cost at 10^6 / at 10^4 <= 1.5).
"""
import statistics
import sys

# workload -> (metric, lower_is_better, target ratio vs uvloop)
TARGETS = {
    "spawn_gather": ("us_per_n", True, 0.25),
    "timers": ("us_per_n", True, 0.5),
    "timers_cb": ("us_per_n", True, 0.5),
    "queue_pc": ("items_per_s", False, 2.0),
    "semaphore_fanout": ("us_per_n", True, 0.25),
    "switch": ("ns_per_switch", True, 0.2),
    "tcp_echo": ("msgs_per_s", False, 1.0),
}
UNITS = {"us_per_n": "µs/op", "items_per_s": "items/s", "ns_per_switch": "ns/switch",
         "msgs_per_s": "msgs/s"}
PEERS = ["asyncio", "uvloop", "looplab"]
SCALED = ["spawn_gather", "timers", "semaphore_fanout"]


def parse(path):
    rows = {}
    with open(path) as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 6 or parts[4] != "0":
                continue
            kv = dict(p.split("=", 1) for p in parts[5].split() if "=" in p)
            key = (kv.get("peer"), kv.get("workload"), int(kv.get("n", 0)))
            rows.setdefault(key, []).append(kv)
    return rows


def med(rows, key, field):
    vals = [float(r[field]) for r in rows.get(key, []) if field in r]
    return statistics.median(vals) if vals else None


def fmt(v):
    if v is None:
        return "—"
    if v >= 1000:
        return "%.0f" % v
    return "%.3g" % v


def main():
    rows = parse(sys.argv[1])
    ns = sorted({k[2] for k in rows})
    print("| workload | N | metric | " + " | ".join(PEERS) +
          " | looplab/uvloop | target | met |")
    print("|---|---:|---|" + "---:|" * len(PEERS) + "---:|---|---|")
    for w, (metric, lower, target) in TARGETS.items():
        for n in ns:
            vals = [med(rows, (p, w, n), metric) for p in PEERS]
            if all(v is None for v in vals):
                continue
            uv, ll = vals[1], vals[2]
            ratio = ll / uv if uv and ll else None
            met = "—"
            if ratio is not None:
                met = "yes" if (ratio <= target if lower else ratio >= target) else "NO"
            extra = ""
            if w == "spawn_gather":
                b = med(rows, ("looplab", w, n), "bytes_per_n")
                if b is not None:
                    extra = "; %.0f B/task %s" % (b, "(<=1536 yes)" if b <= 1536 else "(>1536 NO)")
            if w == "timers":
                e = med(rows, ("looplab", w, n), "min_late_ms")
                if e is not None:
                    extra = "; min lateness %.3f ms (%s)" % (e, "never early" if e >= 0 else "EARLY")
            print("| %s | %d | %s | %s | %s | %s | %s%s |" % (
                w, n, UNITS[metric], " | ".join(fmt(v) for v in vals),
                fmt(ratio), ("<= " if lower else ">= ") + str(target), met, extra))
    lo, hi = 10000, 1000000
    lines = []
    for w in SCALED:
        a = med(rows, ("looplab", w, lo), "us_per_n")
        b = med(rows, ("looplab", w, hi), "us_per_n")
        if a and b:
            lines.append("| %s | %.3g | %.3g | ×%.2f | %s |" % (
                w, a, b, b / a, "yes" if b / a <= 1.5 else "NO"))
    if lines:
        print("\n| looplab scaling | µs/op at 10^4 | at 10^6 | growth | <= 1.5× |")
        print("|---|---:|---:|---:|---|")
        print("\n".join(lines))


if __name__ == "__main__":
    main()

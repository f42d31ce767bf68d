# tests/cli/test_trace_export.sh -- `looplab trace export`: a run's trace
# becomes a Chrome/Perfetto document whose slices pair up per task, or
# clean JSON lines; bad input is named.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
cat >"$T/two.lua" <<'LUA'
aio.run(function()
  local a = aio.create_task("alpha", function() aio.sleep(1); print("a") end)
  local b = aio.create_task("beta", function() aio.sleep(2); print("b") end)
  aio.gather({ a, b })
end)
LUA
expect_exit 0 "run with --trace" -- "$BIN" run "$T/two.lua" --trace "$T/t.jsonl"
expect_exit 0 "export chrome" -- "$BIN" trace export "$T/t.jsonl" --format chrome -o "$T/t.json"
if $PY - "$T/t.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ev = d["traceEvents"]
assert d["otherData"]["clock"] == "virtual"
names = {(e["pid"], e["tid"]): e["args"]["name"] for e in ev if e.get("name") == "thread_name"}
assert "alpha" in names.values() and "beta" in names.values(), names
depth = {}
for e in ev:
    if e["ph"] == "B": depth[e["tid"]] = depth.get(e["tid"], 0) + 1
    if e["ph"] == "E":
        depth[e["tid"]] -= 1
        assert depth[e["tid"]] >= 0, "E without B"
assert all(v == 0 for v in depth.values()), depth
tid = [k[1] for k, v in names.items() if v == "beta"][0]
ends = [e["ts"] for e in ev if e.get("tid") == tid and e["ph"] == "E"]
assert max(ends) == 2e6, ends          # beta's last step ends at virtual 2 s
PY
then ok "slices pair up per task, rows named, virtual microseconds"; else bad "chrome document"; fi
expect_exit 0 "export jsonl" -- "$BIN" trace export "$T/t.jsonl" --format jsonl
if cmp -s "$T/out" "$T/t.jsonl"; then ok "jsonl round-trips byte for byte"; else bad "jsonl differs"; diff "$T/out" "$T/t.jsonl" | head; fi
printf '{"t":0,"ev":"run","task":1}\nnot json\n' >"$T/bad.jsonl"
expect_exit 4 "malformed trace" -- "$BIN" trace export "$T/bad.jsonl" --format chrome
expect_grep 'bad.jsonl:2:' "$T/err" "names file:line"
expect_exit 4 "missing format" -- "$BIN" trace export "$T/t.jsonl"
expect_exit 4 "missing file" -- "$BIN" trace export "$T/none.jsonl" --format chrome
expect_grep 'cannot read' "$T/err" "says it cannot read"
finish

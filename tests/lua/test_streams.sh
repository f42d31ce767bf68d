#!/bin/bash
# aio streams (engine/aio/aio_stream.c, aio_server.c) on real loopback
# sockets: each tests/lua/streams/X.lua runs under the virtual clock and its
# output must equal X.out exactly (echo, EOF and half close, readexactly
# partial, backpressure via drain, 50 clients, virtual time with sockets
# open, cancelled reads). Plus: a read-read deadlock is reported, not hung;
# every io_begin has its io_end in the trace; the real clock gives the same
# output where no time is printed; misuse raises clear errors.
. "$(dirname "$0")/../cli/lib.sh"
D=$SRC/tests/lua/streams

for lua in "$D"/*.lua; do
    name=$(basename "$lua" .lua)
    [ -f "$D/$name.out" ] || continue
    timeout 60 "$BIN" run "$lua" >"$T/out" 2>&1
    rc=$?
    if [ $rc = 0 ] && cmp -s "$T/out" "$D/$name.out"; then ok "$name: output as expected"
    else bad "$name: rc=$rc, output differs"; diff "$D/$name.out" "$T/out" | sed 's/^/    /'; fi
done

expect_exit 1 "read-read deadlock ends (virtual clock)" -- timeout 30 "$BIN" run "$D/deadlock.lua"
expect_grep "deadlock: every task is blocked" "$T/err" "deadlock is reported"
if grep -q "deadlock: deadlock" "$T/err"; then bad "the report says 'deadlock:' once"
else ok "the report says 'deadlock:' once"; fi
expect_grep "main: waiting on" "$T/err" "the report names main"

timeout 60 "$BIN" run "$D/partial.lua" --clock real >"$T/out" 2>&1
cmp -s "$T/out" "$D/partial.out" && ok "partial: same output on the real clock" \
    || { bad "partial on the real clock"; diff "$D/partial.out" "$T/out" | sed 's/^/    /'; }

timeout 60 "$BIN" run "$D/echo.lua" --trace "$T/trace.jsonl" >/dev/null 2>&1
b=$(grep -c '"ev":"io_begin"' "$T/trace.jsonl"); e=$(grep -c '"ev":"io_end"' "$T/trace.jsonl")
[ "$b" -ge 5 ] && [ "$b" = "$e" ] && ok "trace: $b io_begin, each with its io_end" \
    || bad "trace: $b io_begin vs $e io_end"
expect_grep '"ev":"io_begin".*"what":"connect"' "$T/trace.jsonl" "trace: connect is an io wait"
expect_grep '"ev":"io_end".*"what":"readline"' "$T/trace.jsonl" "trace: readline ends with its own tag"

cat >"$T/misuse.lua" <<'LUA'
local ok, e = pcall(aio.open_connection, "127.0.0.1", 1)
print("outside run:", ok, (tostring(e):match("needs a running event loop")))
local kept_r, kept_w
aio.run(function()
    print(pcall(aio.open_connection, "127.0.0.1", 70000))
    print(pcall(aio.start_server, "not a function"))
    local srv = aio.start_server(function(r, w) aio.sleep(1) w:close() end, "127.0.0.1", 0)
    local _, port = srv:sockname()
    local r, w = aio.open_connection("127.0.0.1", port)
    local t = aio.create_task(function() return r:read() end)
    aio.sleep(0)
    local ok2, e2 = pcall(r.read, r)
    print("second reader:", ok2, (tostring(e2):match("already waiting")))
    print("eof:", "[" .. t:await() .. "]")
    local ok3, e3 = pcall(aio.start_server, function() end, "127.0.0.1", port)
    print("port in use:", ok3, e3.type)
    local r9, w9 = aio.open_connection("127.0.0.1", port)
    kept_r, kept_w = r9, w9
    w:close()
    srv:close()
end)
-- streams outlive their run: close works, a blocking read raises cleanly
kept_w:write("x")
print("after run read:", pcall(kept_r.readline, kept_r))
kept_w:close()
print("after run closed:", kept_w:is_closing())
LUA
timeout 30 "$BIN" run "$T/misuse.lua" >"$T/out" 2>&1
expect_grep "outside run:	false	needs a running event loop" "$T/out" "open_connection outside aio.run raises"
expect_grep "port must be 1..65535" "$T/out" "bad port names the argument"
expect_grep "bad argument #1 to .* (function expected, got string)" "$T/out" "start_server checks its handler"
expect_grep "second reader:	false	already waiting" "$T/out" "two readers on one stream raise"
expect_grep "eof:	\[\]" "$T/out" "read() returns '' at EOF"
expect_grep "port in use:	false	OSError" "$T/out" "bind on a used port raises OSError"
expect_grep "after run read:	false" "$T/out" "a read after aio.run ended raises"
expect_grep "after run closed:	true" "$T/out" "a stream closes after its run ended"
# An outside peer (another process) that answers after 0.3 s real: the
# reply comes before a 10 s virtual timer (virtual time follows real time
# while such a read waits, loop.h rule 5), and a peer that never answers is
# timed out by a virtual timeout, not waited on forever.
cat >"$T/peer.py" <<'PY'
import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
print(s.getsockname()[1], flush=True)
c, _ = s.accept(); c.recv(100); time.sleep(0.3); c.sendall(b"hi\n"); time.sleep(0.2); c.close()
c, _ = s.accept(); c.recv(100); time.sleep(3); c.close()
PY
/usr/bin/python3 "$T/peer.py" >"$T/port" &
peer=$!
for _ in $(seq 300); do [ -s "$T/port" ] && break; sleep 0.1; done
PORT=$(cat "$T/port")
cat >"$T/outside.lua" <<LUA
aio.run(function()
    local t = aio.create_task(function() aio.sleep(10) end)
    local r, w = aio.open_connection("127.0.0.1", $PORT)
    w:write("hello\n")
    local line = r:readline()
    local at = aio.now()
    print("reply:", (line:gsub("\n", "")), "before the timer:", at < 10, t:done())
    print("followed real time:", at >= 0.25 and at < 5)
    print("eof:", "[" .. r:read() .. "]")
    w:close()
    local r2, w2 = aio.open_connection("127.0.0.1", $PORT)
    w2:write("hello\n")
    local t0 = aio.now()
    local ok, e = pcall(aio.wait_for, function() return r2:readline() end, 0.5)
    print("silent peer:", ok, e.type, aio.now() - t0 >= 0.4999)
    w2:close()
    t:cancel()
end)
LUA
timeout 30 "$BIN" run "$T/outside.lua" >"$T/out" 2>&1
expect_grep "reply:	hi	before the timer:	true	false" "$T/out" "outside peer: reply seen before a later virtual timer"
expect_grep "followed real time:	true" "$T/out" "outside peer: virtual time followed real time"
expect_grep "eof:	\[\]" "$T/out" "outside peer: EOF"
expect_grep "silent peer:	false	TimeoutError	true" "$T/out" "outside peer that never answers: wait_for times out"
kill $peer 2>/dev/null; wait $peer 2>/dev/null
finish

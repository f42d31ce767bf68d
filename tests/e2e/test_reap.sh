#!/bin/bash
# A tmux journey that fails, is interrupted or is killed leaves nothing
# behind: no tmux server, no looplab waiting in a pane (lib.sh's CLEANUP
# and ll_reap_tmux's watchdog). Each way of ending runs a small journey
# that opens `looplab quiz 1.1` (it waits for keys forever) and then ends.
. "$(dirname "$0")/../cli/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

cat >"$T/journey.sh" <<EOF
. "$HERE/../cli/lib.sh"
. "$HERE/tmux_lib.sh"
start 80 24 -- "$BIN" quiz 1.1
wait_for "question 1/" "the quiz waits for an answer" >/dev/null
ppid=\$(tm display -p -t s '#{pane_pid}')
pid=\$(pgrep -P "\$ppid" -x looplab || pgrep -P "\$(pgrep -P "\$ppid" | head -1)" -x looplab)
echo "\$SOCK \$pid" >"\$OUT"
case "\$HOW" in
    fail) bad "a failing assertion"; finish ;;
    term) kill -TERM \$\$; sleep 5 ;;
    kill) kill -KILL \$\$ ;;
esac
EOF

for how in fail term kill; do
    : >"$T/out.$how"
    HOW=$how OUT=$T/out.$how bash "$T/journey.sh" >/dev/null 2>&1
    read -r sock pid <"$T/out.$how"
    if [ -z "${pid:-}" ]; then bad "$how: the journey did not start"; continue; fi
    gone=no
    for i in $(seq 100); do     # the watchdog polls once a second
        if ! kill -0 "$pid" 2>/dev/null && ! tmux -S "$sock" ls >/dev/null 2>&1; then
            gone=yes; break
        fi
        sleep 0.1
    done
    [ $gone = yes ] && ok "$how: no tmux server and no looplab left" ||
        { bad "$how: left behind (looplab $pid, server $sock)"; kill -KILL "$pid"; tmux -S "$sock" kill-server; }
done
finish

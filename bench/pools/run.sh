#!/bin/sh
# bench/pools/run.sh -- the pools CPU bench (bench/pools/cpu.lua), with the
# machine's state printed first: the ratios only mean something next to the
# core count and the load at the time.
set -e
here=$(dirname "$0")
bin=${LOOPLAB:-$here/../../build/looplab}
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')  cores: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
exec "$bin" run "$here/cpu.lua"

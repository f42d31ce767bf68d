# tests/e2e/tmux_lib.sh -- driving looplab inside tmux for the e2e tests.
# Sourced after tests/cli/lib.sh. Every assertion polls capture-pane with a
# timeout; sleeps only pace the keys, they never decide a result.
command -v tmux >/dev/null || { echo "tmux missing (tools/deps.sh installs it)"; exit 1; }
RUN=0
SOCK=$T/tmux0.sock
tm() { tmux -S "$SOCK" "$@"; }
ll_reap_tmux

# start W H ENV... -- CMD...: a fresh tmux server running CMD; the shell
# then prints EXITED <status> and the terminal state (stty) for checks.
start() {
    local w=$1 h=$2; shift 2
    local envs=() ; while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
    tm kill-server 2>/dev/null
    RUN=$((RUN + 1))
    SOCK=$T/tmux$RUN.sock
    tm -f /dev/null new-session -d -s s -x "$w" -y "$h" \
        "env HOME=$HOME LOOPLAB_DB=$LOOPLAB_DB LOOPLAB_HOME=$LOOPLAB_HOME \
         NO_COLOR=1 TERM=xterm-256color ${envs[*]} $*; \
         echo EXITED \$?; stty -a | tr ';' '\n' | grep -o -- '-\?icanon\|-\?echo\b' | tr '\n' ' '; echo; sleep 60"
}
screen() { tm capture-pane -p -t s; }
# wait_for PATTERN DESCRIPTION [SECONDS]: poll the screen for a pattern
# (30 s by default: a check starts Python, slow under ASan on busy cores;
# a pass returns as soon as the pattern shows).
wait_for() {
    local i n=$(( ${3:-30} * 10 ))
    for i in $(seq "$n"); do
        screen >"$T/screen"
        grep -q -- "$1" "$T/screen" && { ok "$2"; return 0; }
        sleep 0.1
    done
    bad "$2: '$1' never appeared"; sed 's/^/    | /' "$T/screen"; return 1
}
# wait_gone PATTERN DESCRIPTION: poll until the pattern is off the screen.
wait_gone() {
    local i
    for i in $(seq 300); do
        screen >"$T/screen"
        grep -q -- "$1" "$T/screen" || { ok "$2"; return 0; }
        sleep 0.1
    done
    bad "$2: '$1' stayed"; sed 's/^/    | /' "$T/screen"; return 1
}
keys() { tm send-keys -t s "$@"; sleep 0.2; }
# quit_all: q until the shell prints EXITED.
quit_all() {
    local i
    for i in 1 2 3 4 5 6; do
        screen | grep -q "EXITED" && return 0
        keys q
    done
}

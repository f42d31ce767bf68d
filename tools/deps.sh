#!/bin/sh
# tools/deps.sh -- check (and, as root, install) the Debian packages looplab needs.
# Called by `make run` and `make test` before building. Prints the exact command
# and exits 1 when something is missing and we are not root.
set -eu

# Build + runtime + test needs. Keep in step with README.md.
PKGS="cmake make pkg-config gcc liblua5.4-dev lua5.4 libsqlite3-dev sqlite3 \
libncurses-dev libmd4c-dev libjansson-dev libcmocka-dev libssl-dev libseccomp-dev python3 tmux"
# The course's own examples (lesson 2.6 pages) use aiohttp on Debian's python3.
PKGS="$PKGS python3-aiohttp"
# tests/python/test_lint.py validates `looplab review --format sarif` against
# a SARIF 2.1.0 schema with it (test-only; the linter itself is stdlib only).
PKGS="$PKGS python3-jsonschema"
# The grade formats are tested against their real consumers: Perl's prove
# (package perl) reads our TAP, xmllint validates our JUnit against
# Jenkins' junit-10.xsd (tests/cli/test_grade_formats.sh).
PKGS="$PKGS perl libxml2-utils"
# `tools/deps.sh bench` (make bench) also wants the peers of bench/run.sh:
# uvloop for Debian's python3, GNU time. Never needed by make test.
if [ "${1:-}" = bench ]; then
    PKGS="$PKGS python3-uvloop time"
fi

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

[ -z "$missing" ] && exit 0

echo "looplab: missing Debian packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "looplab: install them with:"
    echo "    sudo apt-get update && sudo apt-get install -y$missing"
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists only when an install fails with the cached ones.
if ! apt-get install -y --no-install-recommends $missing; then
    apt-get update
    apt-get install -y --no-install-recommends $missing
fi

#!/usr/bin/env bash
# The core's tests and the CLI, cross-built for Windows (x86_64-pc-windows-gnu: scripts/windows-env.sh)
# and run under Wine in a throwaway prefix.
#
#   scripts/test-windows.sh [TEST FILTER...]    (no filter: every test; a filter: those of the
#                                                 integration tests it matches)
#
# Needs Debian's rustc-web, cargo-web, rust-web-src, gcc-mingw-w64-x86-64, g++-mingw-w64-x86-64
# and wine64. The first build takes about 10 minutes on 2 cores; later ones seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/target/windows"
source scripts/windows-env.sh
# The test executables by what they are, from cargo's own account of what it built.
mkdir -p "$out"
windows_cargo build -q -p recovery-register -p recovery-register-crash --tests --bins --message-format=json-render-diagnostics >"$out/built.json"
executable() {
    python3 - "$out/built.json" "$1" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"] and m["target"]["name"] == sys.argv[2]:
        print(m["executable"])
PY
}

# A fresh prefix each run, with the ProcessPrng stub Wine 8.0 lacks (a test fixture, never shipped).
export WINEPREFIX="$out/wine-prefix" WINEDEBUG=-all
rm -rf "$WINEPREFIX"
wineboot -i >/dev/null 2>&1
x86_64-w64-mingw32-gcc -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" tests/windows/bcryptprimitives.c -lbcrypt
# N: as a mapped network drive (Wine takes a drive's type from its registry), for the test that
# a database there is refused.
mkdir -p "$out/network-drive"
ln -sfn "$out/network-drive" "$WINEPREFIX/dosdevices/n:"
wine reg add 'HKLM\Software\Wine\Drives' /v 'n:' /d network /f >/dev/null 2>&1
wineserver -w
export RECOVERY_REGISTER_TEST_NETWORK_DRIVE=N:
# What the tests cannot do under Wine (run the PDF checkers, mount a small disk) the host does
# for them: tests/windows/host.py, on loopback.
rm -f "$out/host.port"
python3 tests/windows/host.py "$out/host.port" &
host=$!
trap 'kill $host 2>/dev/null' EXIT
for _ in $(seq 50); do [ -s "$out/host.port" ] && break; sleep 0.1; done
export RECOVERY_REGISTER_TEST_HOST="127.0.0.1:$(cat "$out/host.port")"

# Every test of the core runs here but one: Wine 8 accepts an access list and keeps none (no
# user.wine.sd attribute is written on this file system), so the owner-only check of the data
# folder reads back Wine's default; it waits for a real Windows (issue 19).
not_under_wine=(--skip access::the_data_folder_and_its_files_are_the_owners_only)
status=0
if [ $# -eq 0 ]; then
    echo "== the core's unit tests"
    wine "$(executable recovery_register)" --test-threads=2 || status=1
    echo "== the integration tests (the CLI's among them)"
    wine "$(executable it)" --test-threads=2 "${not_under_wine[@]}" || status=1
    echo "== the kill harness (TerminateProcess)"
    wine "$(executable kills)" --test-threads=1 || status=1
else
    for f in "$@"; do wine "$(executable it)" --test-threads=1 "$f" || status=1; done
fi
exit $status

#!/usr/bin/env bash
# The Windows installer: the desktop app and the command line cross-built for
# x86_64-pc-windows-gnu (release, scripts/windows-env.sh), packed by makensis (Debian's nsis) from
# packaging/windows/recovery-register.nsi, then tried under Wine in a throwaway prefix: a silent
# install, the installed programs started, a silent uninstall that keeps the records, and one
# asked to remove them.
#
#   scripts/windows-installer.sh      -> target/windows/installer/Recovery-Register-VERSION-setup.exe
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/windows-env.sh
out="$CARGO_TARGET_DIR/installer"
release="$CARGO_TARGET_DIR/x86_64-pc-windows-gnu/release"
[ -f ui/dist/index.html ] || { echo "ui/dist is missing: build the UI first (make ui)" >&2; exit 1; }
windows_cargo build --release -q -p recovery-register-desktop -p recovery-register --bins --features tauri/custom-protocol

read -r version publisher < <(python3 -c 'import json; c = json.load(open("tauri.conf.json")); print(c["version"], c["bundle"]["publisher"])')
rm -rf "$out" && mkdir -p "$out/files"
# WebView2Loader.dll is Microsoft's redistributable loader, which the GNU build links to at run
# time (webview2-com-sys carries it; the MSVC build would link it statically).
cp "$release/recovery-register-desktop.exe" "$release/recovery-register.exe" "$release/WebView2Loader.dll" assets/icons/icon.ico "$out/files/"
x86_64-w64-mingw32-strip "$out/files/"*.exe
installer="$out/Recovery-Register-$version-setup.exe"
makensis -V2 -DVERSION="$version" -DPUBLISHER="$publisher" -DSOURCE="$out/files" -DOUTFILE="$installer" \
    packaging/windows/recovery-register.nsi
echo "built $installer ($(( $(stat -c %s "$installer") / 1024 / 1024 )) MB)"

# Under Wine, as a user would with a deployment tool: silently.
export WINEPREFIX="$out/wine-prefix" WINEDEBUG=-all
wineboot -i >/dev/null 2>&1
x86_64-w64-mingw32-gcc -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" tests/windows/bcryptprimitives.c -lbcrypt
wineserver -w
unix() { winepath -u "$1" 2>/dev/null; }
local_app_data=$(unix "$(wine cmd /c echo %LOCALAPPDATA% 2>/dev/null | tr -d '\r')")
programs="$local_app_data/Programs/Recovery Register"
records="$local_app_data/org.recoveryregister.desktop"
start_menu=$(unix "$(wine cmd /c echo %APPDATA% 2>/dev/null | tr -d '\r')")/Microsoft/Windows/Start\ Menu/Programs
fail() { echo "installer check failed: $*" >&2; exit 1; }
key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\org.recoveryregister.desktop'

install() {
    local code=0
    wine "$installer" /S || code=$?
    wineserver -w
    # Wine has no WebView2 Runtime: the install completes and says so in its exit code.
    [ "$code" -eq 3 ] || fail "the installer exited $code, not 3 (installed, WebView2 missing)"
    for f in recovery-register-desktop.exe recovery-register.exe WebView2Loader.dll uninstall.exe icon.ico; do
        [ -f "$programs/$f" ] || fail "$f is not in $programs"
    done
    [ -f "$start_menu/Recovery Register.lnk" ] || fail "no Start-menu shortcut"
    wine reg query "$key" /v DisplayVersion 2>/dev/null | grep -q "$version" || fail "Settings > Apps does not show version $version"
    wine reg query "$key" /v Publisher 2>/dev/null | grep -q "$publisher" || fail "Settings > Apps does not show the publisher"
}
uninstall() {
    wine "$programs/uninstall.exe" /S "$@"
    wineserver -w
    [ ! -e "$programs" ] || fail "$programs is still there after uninstalling"
    [ ! -e "$start_menu/Recovery Register.lnk" ] || fail "the Start-menu shortcut is still there"
    if wine reg query "$key" >/dev/null 2>&1; then fail "Settings > Apps still lists it"; fi
}

install
# The installed command line runs and makes its database in the local data folder...
RECOVERY_REGISTER_PASSWORD='Installer check: a long password' wine "$programs/recovery-register.exe" demo --scale establishment >"$out/demo.log" 2>&1 \
    || { cat "$out/demo.log"; fail "the installed command line could not make the demo"; }
[ -f "$records/recovery-register.db" ] || fail "no database in $records"
# ...and the installed app starts as far as Wine allows: Wine has no WebView2 Runtime, so the app
# says what the PC's administrator must install and exits 3.
code=0
timeout 60 wine "$programs/recovery-register-desktop.exe" >"$out/app.log" 2>&1 || code=$?
[ "$code" -eq 3 ] && grep -q "does not have the Microsoft Edge WebView2 Runtime" "$out/app.log" \
    || { cat "$out/app.log"; fail "the installed app did not start and explain the missing WebView2 Runtime (exit $code)"; }
uninstall
[ -f "$records/recovery-register.db" ] || fail "uninstalling removed the records without being asked"

install
uninstall /REMOVERECORDS
[ ! -e "$records" ] || fail "asked to remove the records, the uninstaller left $records"
echo "installer checked under Wine: silent install (exit 3: no WebView2 here), the programs start, uninstall keeps the records unless asked"

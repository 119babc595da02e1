# Sourced by the Windows scripts: cross-building for x86_64-pc-windows-gnu with Debian's rustc-web
# (which builds the standard library for the target from rust-web-src: rustup cannot fetch
# targets here) and MinGW-w64, which compiles SQLCipher and OpenSSL and links. The machine's own
# toolchain stays the one for Linux builds; the Windows build has a target folder of its own.
export RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc CXX_x86_64_pc_windows_gnu=x86_64-w64-mingw32-g++
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_DIR="$PWD/target/windows"
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
windows_cargo() { /usr/bin/cargo "$@" -Zbuild-std=std,panic_abort --target x86_64-pc-windows-gnu; }

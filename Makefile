# The two commands in the README are `make run` and `make test`; everything else is a helper.
.PHONY: setup ui app run test test-ui lint clippy test-rust test-windows windows-installer bench fuzz demo

export PATH := $(HOME)/.cargo/bin:$(PATH)

setup:
	bash scripts/setup-debian.sh

# The web front end, built into ui/dist (embedded in the app at compile time).
ui: setup
	cd ui && npm ci --no-audit --no-fund && npm run build

# The desktop app (debug build, with the UI embedded).
app: ui
	cargo build -p recovery-register-desktop --locked

# Build and start the desktop app on its default database (the app's local data folder).
run: app
	./target/debug/recovery-register-desktop

# Every test: formatting and lints; the UI's unit tests and type check; the Rust unit,
# integration and CLI tests and the end-to-end tests of the real app in its real webview, under
# a virtual display. The UI's tests run beside the Rust build (which leaves a core idle in its
# single-threaded stretches: OpenSSL's and SQLCipher's C, linking) rather than before it.
test: lint
	$(MAKE) --no-print-directory -j2 test-ui test-rust
	$(MAKE) --no-print-directory test-windows

lint: setup
	cargo fmt --all --check

test-ui: ui
	cd ui && npm test && npm run check

# Clippy's lints with -D warnings over every target of the workspace (benches included) are
# checked while the tests build: clippy-driver compiles the workspace's own crates, as `cargo
# clippy` runs it, so the dependencies are compiled once for the lints and the tests instead of
# a second time in check mode (6 of the 14 minutes of a fresh run on 2 cores). One invocation
# builds the app and every test, so features unify once: the end-to-end tests are the shell's
# integration test and get the app from this same build. cargo-nextest then runs what it built,
# the binaries side by side (.config/nextest.toml: one webview at a time).
LINTED := RUSTC_WORKSPACE_WRAPPER="$$(command -v clippy-driver)" CLIPPY_ARGS=-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__
# The tests' build has the rehearsal switches (unattended dialogs, a pinned date, a cheap key
# derivation); the app `make run` builds has none.
REHEARSAL := --features recovery-register-desktop/rehearsal
test-rust: ui
	$(LINTED) cargo test --workspace --all-targets --locked $(REHEARSAL) --no-run
	$(LINTED) xvfb-run -a -s "-screen 0 1366x768x24" dbus-run-session -- cargo nextest run --workspace --locked $(REHEARSAL)

# The same lints the usual way, for a developer's machine (a separate check build).
clippy: ui
	cargo clippy --workspace --all-targets --locked $(REHEARSAL) -- -D warnings

# Every test of the core and the command line, cross-built for x86_64-pc-windows-gnu and run
# under Wine (scripts/test-windows.sh); needs Debian's packages for it, which setup installs.
# Where Debian's packages exist, setup has installed them and a missing tool fails the run; only
# a distribution without them (Ubuntu) skips, and says so.
test-windows: setup
	@if apt-cache show rustc-web >/dev/null 2>&1; then \
		bash scripts/test-windows.sh; \
	else \
		echo "SKIPPED: the Windows tests need Debian's rustc-web, rust-web-src, MinGW-w64 and wine (not on this distribution)"; \
	fi

# The Windows installer (release build, makensis), checked under Wine: scripts/windows-installer.sh.
windows-installer: ui
	bash scripts/windows-installer.sh

# Benchmarks that print figures (release build).
bench:
	cargo bench --bench core
	cargo bench -p recovery-register-crash --bench kills
	$(MAKE) fuzz

# The spreadsheet importer under libFuzzer (cargo fuzz) for FUZZ_SECONDS (an hour by default),
# seeded with the test corpus; part of the benchmark, not of CI. cargo fuzz needs nightly
# compiler flags, which RUSTC_BOOTSTRAP lets the stable toolchain take.
FUZZ_SECONDS ?= 3600
fuzz:
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	mkdir -p fuzz/corpus/import_sheet
	cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run -s none import_sheet corpus/import_sheet seeds/import_sheet -- \
		-max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -print_final_stats=1

# A database full of synthetic demo data, in the default location.
demo:
	cargo run --release --bin recovery-register -- demo --scale establishment

# The two commands in the README are `make run` and `make test`; everything else is a helper.
.PHONY: setup run test bench demo

setup:
	bash scripts/setup-debian.sh

# Build and start the desktop app on its default database (the app's local data folder).
run: setup
	cargo run -p recovery-register-desktop

# Every test: unit, integration (real SQLite files), the CLI, the desktop shell.
test: setup
	cargo test --workspace --locked

# Benchmarks that print figures (release build).
bench:
	cargo bench --bench core

# A database full of synthetic demo data, in the default location.
demo:
	cargo run --release --bin recovery-register -- demo --scale establishment

#!/usr/bin/env bash
# make certify: starts the reference as a server (a fresh store, a free port), certifies it
# over HTTP with the whole suite, and stops it whatever happens. Extra arguments go to
# `idn-sim certify` (e.g. --tags '@VER-07').
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p idn-cli --bin idn-sim
bin=target/debug/idn-sim
work=$(mktemp -d)
log="$work/serve.log"
"$bin" serve --addr 127.0.0.1:0 --store "$work/reference.sqlite" >"$log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# The server prints the address it listens on; give it ten seconds to start.
addr=""
for _ in $(seq 1 100); do
  addr=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 || true)
  [ -n "$addr" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$addr" ]; then
  echo "certify: the reference server did not start:" >&2
  cat "$log" >&2
  exit 2
fi
echo "certify: the reference serves on $addr"
"$bin" certify --target "$addr" --reports reports/certify-http "$@"

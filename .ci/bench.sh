#!/usr/bin/env bash
# make bench: the fuzzer's speed, release build, against the embedded reference in-process
# (one thread, then every core) and against the reference served over HTTP on loopback
# (one case at a time, then 16 in flight on their own test clocks). Prints cases/s and
# steps/s; measured figures go in closing notes, never in timed tests.
# BENCH_CASES=n (default 2000 in-process, a tenth of it over HTTP), BENCH_SEED=n.
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${BENCH_CASES:-2000}
http_cases=$(( cases / 10 ))
seed=${BENCH_SEED:-1}
cargo build --quiet --release -p idn-cli --bin idn-sim
bin=target/release/idn-sim
work=$(mktemp -d)
log="$work/serve.log"
pid=""
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
# One campaign: its figures line, labelled.
bench() {
  local label=$1; shift
  local line
  line=$("$bin" fuzz --seed "$seed" --out "$work/out" --every 1000000000 "$@" | grep ' cases/s')
  printf '  %-34s %s\n' "$label" "$line"
}
echo "bench: the fuzzer, release, seed $seed"
bench "in-process, 1 thread" --cases "$cases" --jobs 1
bench "in-process, every core ($(nproc))" --cases "$cases"
"$bin" serve --addr 127.0.0.1:0 --store "$work/reference.sqlite" >"$log" 2>&1 &
pid=$!
addr=""
for _ in $(seq 1 100); do
  addr=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 || true)
  [ -n "$addr" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$addr" ] || { echo "bench: the reference server did not start:" >&2; cat "$log" >&2; exit 2; }
bench "over HTTP, 1 case at a time" --cases "$http_cases" --jobs 1 --target "$addr"
bench "over HTTP, 16 cases in flight" --cases "$http_cases" --target "$addr"

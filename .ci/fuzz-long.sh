#!/usr/bin/env bash
# make fuzz-long: a long campaign against the embedded reference, release build, on every
# core: FUZZ_LONG_CASES cases (default 1,000,000) over FUZZ_LONG_SEEDS seeds (default 10,
# from FUZZ_LONG_FIRST, default 1). Every seed runs even after a failure; each failure's
# shrunk journey is kept under reports/fuzz-long/seed-N/. Exits 1 if any seed failed.
set -euo pipefail
cd "$(dirname "$0")/.."
total=${FUZZ_LONG_CASES:-1000000}
seeds=${FUZZ_LONG_SEEDS:-10}
first=${FUZZ_LONG_FIRST:-1}
per_seed=$(( (total + seeds - 1) / seeds ))
cargo build --quiet --release -p idn-cli --bin idn-sim
out=reports/fuzz-long
rm -rf "$out"
failed=()
start=$SECONDS
for seed in $(seq "$first" $(( first + seeds - 1 ))); do
  if ! target/release/idn-sim fuzz --seed "$seed" --cases "$per_seed" --every 10000 \
      --out "$out/seed-$seed"; then
    failed+=("$seed")
  fi
done
echo "fuzz-long: $seeds seeds x $per_seed cases in $(( SECONDS - start )) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz-long: failures at seeds ${failed[*]} (features under $out/)" >&2
  exit 1
fi
echo "fuzz-long: no failure"

#!/usr/bin/env bash
# Regenerates the cost-model sweeps and plots in docs/cost-model/:
# d = 64, dv = 64, s = 30, H = 8, B = 1, N = 16 … 65536, on the default CPU
# and on the gemmini systolic preset. Needs a build (scripts/build.sh) and
# Debian's python3-matplotlib.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
out=docs/cost-model
mkdir -p "$out"
for target in cpu gemmini; do
  "$BUILD_DIR/bin/attn-cost-sweep" --target "$target" --d 64 --s 30 \
    --heads 8 --n-min 16 --n-max 65536 -o "$out/sweep-$target.csv"
  /usr/bin/python3 scripts/plot-cost-sweep.py "$out/sweep-$target.csv" \
    "$out/sweep-$target.png" \
    "attn-cost-sweep --target $target --d 64 --s 30 --heads 8"
done
echo "wrote $out/sweep-{cpu,gemmini}.{csv,png}"

#!/usr/bin/env bash
# Regenerates the cost-model sweeps in docs/cost-model/ and the table in
# docs/cost-model.md that is computed from them: d = 64, dv = 64, s = 30,
# H = 8, B = 1, N = 16 … 65536, on the `cpu` preset (zen3; never `host`, so
# the numbers do not depend on where this runs) and on the gemmini systolic
# preset. Needs a build (scripts/build.sh); redraws the plots when Debian's
# python3-matplotlib is installed.
#   scripts/cost-sweep.sh           rewrite the CSVs, the table and the plots
#   scripts/cost-sweep.sh --check   exit 1 if a committed copy is stale
#                                   (test/docs/cost-model-up-to-date.test)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
check=0
[ "${1:-}" = "--check" ] && check=1
out=docs/cost-model
if [ $check = 1 ]; then
  gen=$(mktemp -d)
  trap 'rm -rf "$gen"' EXIT
else
  gen=$out
  mkdir -p "$out"
fi
status=0
for target in cpu gemmini; do
  "$BUILD_DIR/bin/attn-cost-sweep" --target "$target" --d 64 --s 30 \
    --heads 8 --n-min 16 --n-max 65536 -o "$gen/sweep-$target.csv"
  if [ $check = 1 ]; then
    diff -u "$out/sweep-$target.csv" "$gen/sweep-$target.csv" || {
      echo "$out/sweep-$target.csv is stale: run bash scripts/cost-sweep.sh" >&2
      status=1
    }
  elif /usr/bin/python3 -c "import matplotlib" 2>/dev/null; then
    /usr/bin/python3 scripts/plot-cost-sweep.py "$out/sweep-$target.csv" \
      "$out/sweep-$target.png" \
      "attn-cost-sweep --target $target --d 64 --s 30 --heads 8"
  else
    echo "cost-sweep.sh: python3-matplotlib missing; $out/sweep-$target.png not redrawn" >&2
  fi
done
mode=--write
[ $check = 1 ] && mode=--check
python3 scripts/cost-model-tables.py "$gen/sweep-cpu.csv" \
  "$gen/sweep-gemmini.csv" "$mode" docs/cost-model.md || status=1
[ $check = 1 ] || echo "wrote $out/sweep-{cpu,gemmini}.csv and the table in docs/cost-model.md"
exit $status

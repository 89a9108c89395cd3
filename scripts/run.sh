#!/usr/bin/env bash
# The main job: build attn-mlir, show the example model, compile it with
# attn-cpu-pipeline, report its cost (docs/cost-model.md), and run the
# ahead-of-time compiled kernels against the double-precision reference
# (examples/aot, docs/aot.md).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
MODEL=${1:-examples/aot/attention.mlir}
OPT="$BUILD_DIR/bin/attn-opt"
EXAMPLE="$BUILD_DIR/bin/attn-aot-example"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== build ($BUILD_DIR) =="
if ! bash scripts/build.sh > "$tmp/build.log" 2>&1; then
  cat "$tmp/build.log"
  echo "build failed"
  exit 1
fi
echo "ok"
echo

echo "== the model: $MODEL =="
cat "$MODEL"
echo

echo "== attn-opt --attn-cpu-pipeline $MODEL =="
"$OPT" --attn-cpu-pipeline "$MODEL" -o "$tmp/lowered.mlir"
count() { grep -cE "$1" "$tmp/lowered.mlir" || true; }
echo "lowered to the LLVM dialect ($(wc -l < "$tmp/lowered.mlir") lines):"
echo "  functions defined:      $(count '^ *llvm\.func @[^(]+\(.*\{$')"
echo "    C entry points:       $(grep -oE 'llvm\.func @_mlir_ciface_[A-Za-z0-9_]+' "$tmp/lowered.mlir" | sed 's/llvm\.func @//' | tr '\n' ' ')"
echo "  ops on vector values:   $(count '= llvm\..*: vector<|-> vector<')"
echo "  vector fmul/fadd/fma:   $(count 'llvm\.(fmul|fadd|intr\.fma|intr\.fmuladd) .*vector<')"
echo "  vector reductions:      $(count 'llvm\.intr\.vector\.reduce')"
echo "  attn ops left:          $(count '\battn\.')"
echo

echo "== cost of $MODEL: attn-cost (analytic) and attn-count-work (counted in the lowered loops) =="
remarks() { sed -n 's|^.*/\([^/]*\): remark: |\1  |p'; }
# The same tiles for both: attn-cost defaults to 64-row tiles and 64-key
# blocks, the pipeline takes its defaults from the host's register tile (96
# on AVX2), and the flash exps depend on the blocks.
tiles="row-tile=64 key-block=64"
for target in cpu gemmini; do
  echo "-- target=$target ($tiles)"
  "$OPT" --attn-cost="target=$target $tiles" "$MODEL" -o /dev/null 2>&1 | remarks
done
echo "-- counted after tiling and decomposition ($tiles)"
"$OPT" --attn-cpu-pipeline="count-work $tiles" "$MODEL" -o /dev/null 2>&1 | remarks
echo

echo "== the same model on the systolic array (gemmini): one kernel per function =="
SIM="$BUILD_DIR/bin/attn-sim"
"$OPT" "$MODEL" --attn-systolic-pipeline="target=gemmini" |
  "$BUILD_DIR/bin/attn-translate" --systolic-to-asm -o "$tmp/model.s"
field() { grep "\"$1\"" "$2" | head -1 | sed -E 's/.*: "?([^",]+)"?,?/\1/'; }
for k in $(sed -n 's/^\.kernel //p' "$tmp/model.s"); do
  "$SIM" "$tmp/model.s" --kernel "$k" --timing-only > "$tmp/$k.json"
  printf "  %-14s %4s instructions, %9s cycles simulated, %6.1f %% array utilization, %8s DRAM bytes read\n" \
    "$k" "$(field program_instructions "$tmp/$k.json")" "$(field cycles "$tmp/$k.json")" \
    "$(python3 -c "print(100 * $(field utilization "$tmp/$k.json"))")" \
    "$(field dram_bytes_read "$tmp/$k.json")"
done
echo "  (attn-cost's latency_cycles for target=gemmini above are these cycles: the"
echo "   same lowered program, timed by the same simulator code)"
echo

echo "== $EXAMPLE: AOT-compiled kernels vs. the double-precision reference =="
if [ ! -x "$EXAMPLE" ]; then
  echo "$EXAMPLE was not built (configure with -DATTN_BUILD_TESTS=ON)"
  exit 1
fi
status=0
"$EXAMPLE" || status=$?
if [ "$status" -ne 0 ]; then
  echo "attn-aot-example failed (exit status $status)"
fi
echo

# Streaming (docs/streaming.md): token-by-token decoding, causal
# Primal-Attention with constant state vs softmax over a growing KV cache.
STREAM="$BUILD_DIR/bin/attn-streaming-example"
echo "== $STREAM --quick: per-token latency and state, 1K and 4K context =="
"$STREAM" --quick || { s=$?; echo "attn-streaming-example failed (exit status $s)"; status=$s; }
echo "  per-token cost vs context on the cpu model and gemmini (simulated):"
"$BUILD_DIR/bin/attn-cost-sweep" --decode --s 32 --n-min 1024 --n-max 65536 --target gemmini |
  awk -F, 'NR > 1 && ($2 == 1024 || $2 == 65536) {
    printf "    %-15s N=%-6s %10s cycles/token %12s DRAM bytes/token %10s state bytes\n", $1, $2, $8, $7, $12 }'
exit "$status"

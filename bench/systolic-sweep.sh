#!/usr/bin/env bash
# Simulated cycles and array utilization of vanilla (flash, materialized)
# and primal attention vs N on a systolic target, plus attn-cost's estimate.
#   bench/systolic-sweep.sh [target] [N...]      (run from the repository)
# Prints a Markdown table (docs/systolic.md). One head, d = dv = 64, s = 32,
# non-causal; inputs are random (cycles do not depend on data).
set -euo pipefail
BIN=${BIN:-build/bin}
target=${1:-gemmini}
shift || true
sizes=${*:-256 512 1024 2048 4096 16384 65536}
d=64; dv=64; s=32
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

vanilla() { # N
  local n=$1 t="tensor<$1x$d""xf32>" o="tensor<$1x$dv""xf32>"
  cat <<MLIR
func.func @vanilla(%q: $t, %k: $t, %v: $o) -> $o {
  %e = tensor.empty() : $o
  %r = attn.vanilla ins(%q, %k, %v : $t, $t, $o) outs(%e : $o) -> $o
  return %r : $o
}
MLIR
}
primal() { # N
  local n=$1 t="tensor<$1x$d""xf32>" o="tensor<$1x$dv""xf32>"
  local w="tensor<$d""x$s""xf32>" wc="tensor<$((2 * s))x$dv""xf32>"
  cat <<MLIR
func.func @primal(%q: $t, %k: $t, %we: $w, %wr: $w, %wc: $wc) -> $o {
  %e = tensor.empty() : $o
  %r = attn.primal ins(%q, %k, %we, %wr, %wc : $t, $t, $w, $w, $wc) outs(%e : $o) -> $o
  return %r : $o
}
MLIR
}
json() { grep "\"$2\"" "$1" | head -1 | sed -E 's/.*: ([0-9.e+-]+),?/\1/'; }

label() { [ "$1" = primal ] && echo primal || echo "$1 ($2)"; }

run() { # name strategy N
  local f=$tmp/$1-$3.mlir
  "$1" "$3" > "$f"
  if ! "$BIN/attn-opt" "$f" --attn-systolic-pipeline="target=$target strategy=$2" \
       2> "$tmp/err" | "$BIN/attn-translate" --systolic-to-asm -o "$tmp/p.s" 2>/dev/null; then
    echo "| $(label "$1" "$2") | $3 | rejected: $(sed -n 1p "$tmp/err" | sed -E 's/.*error: //') | | | |"
    return
  fi
  "$BIN/attn-sim" --timing-only "$tmp/p.s" > "$tmp/r.json"
  local cost
  cost=$("$BIN/attn-opt" "$f" --attn-cost="target=$target strategy=$2" -o /dev/null 2>&1 |
         grep "total" | sed -E 's/.*latency_cycles=([0-9]+).*/\1/')
  printf "| %s | %s | %s | %.1f %% | %s | %s |\n" "$(label "$1" "$2")" "$3" \
    "$(json "$tmp/r.json" cycles)" \
    "$(python3 -c "print(100 * $(json "$tmp/r.json" utilization))")" \
    "$(json "$tmp/r.json" dram_bytes_read)" "$cost"
}

echo "| op | N | simulated cycles | array utilization | DRAM bytes read | attn-cost cycles |"
echo "|----|---|------------------|-------------------|-----------------|------------------|"
for n in $sizes; do
  run vanilla flash "$n"
  run vanilla materialized "$n"
  run primal flash "$n"
done

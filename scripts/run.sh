#!/usr/bin/env bash
# The main job: build attn-mlir, then parse, verify and print the example
# attention model (examples/models/primalformer-layer.mlir).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
MODEL=${1:-examples/models/primalformer-layer.mlir}

log=$(mktemp)
bash scripts/build.sh > "$log" 2>&1 || { cat "$log"; exit 1; }
rm -f "$log"

echo "== $MODEL: parsed and verified by attn-opt =="
"$BUILD_DIR/bin/attn-opt" --verify-each "$MODEL"
echo
echo "== attn ops in the model =="
grep -oE "attn\.[a-z_]+ " "$MODEL" | sort | uniq -c

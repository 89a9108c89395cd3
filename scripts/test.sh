#!/usr/bin/env bash
# Builds attn-mlir and runs every test (lit + GoogleTest) through CTest.
# The last line is `N passed, N failed`, taken from CTest's summary.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}

bash scripts/build.sh || { echo "0 passed, 1 failed (build)"; exit 1; }

cd "$BUILD_DIR"
ctest --output-on-failure -j"$(nproc)" ${CTEST_ARGS:-} 2>&1 | tee ctest.log
status=${PIPESTATUS[0]}
summary=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" ctest.log | tail -n 1)
if [[ $summary =~ ([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+) ]]; then
  failed=${BASH_REMATCH[1]}
  total=${BASH_REMATCH[2]}
  echo "$((total - failed)) passed, ${failed} failed"
else
  echo "0 passed, 1 failed (no CTest summary)"
  status=1
fi
exit "$status"

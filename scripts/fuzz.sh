#!/usr/bin/env bash
# Long fuzzing campaigns (docs/reliability.md, "Running them").
#   scripts/fuzz.sh <harness> [runs] [jobs]
# harness: attn-ir | target-json | systolic-asm | npy. Builds only the
# fuzzers (ASan+UBSan, clang-22) into $BUILD_DIR (default build-fuzz), then
# runs libFuzzer in fork mode with `jobs` processes (default: all cores;
# slow inputs get less mutation energy)
# until `runs` executions in total (default 1,000,000). New inputs go to
# $BUILD_DIR/fuzz/<harness>/corpus, findings to $BUILD_DIR/fuzz/<harness>/;
# fork mode keeps going after a finding and reports them all at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
harness=${1:?usage: scripts/fuzz.sh attn-ir|target-json|systolic-asm|npy [runs] [jobs]}
runs=${2:-1000000}
jobs=${3:-$(nproc)}
case $harness in
  attn-ir|target-json|systolic-asm|npy) ;;
  *) echo "scripts/fuzz.sh: unknown harness '$harness'" >&2; exit 1 ;;
esac

bash scripts/setup.sh --sanitize
BUILD_DIR=${BUILD_DIR:-build-fuzz}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -G Ninja -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DATTN_SANITIZE=address,undefined -DATTN_BUILD_FUZZERS=ON
fi
cmake --build "$BUILD_DIR" --target "$harness-fuzzer"

dir=$BUILD_DIR/fuzz/$harness
dict=()
for d in fuzz/"$harness"/*.dict; do
  [ -f "$d" ] && dict=(-dict="$d")
done
mkdir -p "$dir/corpus"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allow_user_poisoning=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
"$dir/$harness-fuzzer" -fork="$jobs" -runs="$runs" -timeout=30 \
  -entropic_scale_per_exec_time=1 \
  -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -artifact_prefix="$dir/" "${dict[@]}" "$dir/corpus" "fuzz/corpus/$harness"
# Coverage of the final corpus (instrumented edges of our code).
"$dir/$harness-fuzzer" -runs=0 "$dir/corpus" "fuzz/corpus/$harness" 2>&1 |
  grep -E "INITED|DONE" || true
# Any kind of finding fails the campaign (ls of a glob that matches nothing
# would fail and hide the others, so list them with find).
findings=$(find "$dir" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' \
  -o -name 'oom-*' -o -name 'leak-*' \) | sort)
if [ -n "$findings" ]; then
  echo "$findings"
  echo "findings above: reproduce with $dir/$harness-fuzzer <file>"
  exit 1
fi
echo "no findings"

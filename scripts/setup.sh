#!/usr/bin/env bash
# Installs what attn-mlir needs from Debian's packages (only what is missing).
set -euo pipefail

PACKAGES=(
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  cmake ninja-build g++ libgtest-dev python3
  libopenblas-dev libomp-22-dev   # bench/ baselines; OpenMP runtime of parallel kernels
)
# The sanitizer + fuzzer step (scripts/test-sanitize.sh) builds with clang-22
# and libFuzzer.
if [[ "${1:-}" == --sanitize ]]; then
  PACKAGES+=(clang-22 libclang-rt-22-dev libfuzzer-22-dev)
fi
# Benchmark baselines only (bench/torch_baseline.py, plots): PyTorch eager
# and matplotlib. Never a dependency of the compiler or the tests.
if [[ "${1:-}" == --bench ]]; then
  PACKAGES+=(python3-torch python3-matplotlib)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

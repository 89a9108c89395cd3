// The same op costed on several targets: the default CPU, a CPU from JSON,
// systolic presets and a systolic array from JSON.
// RUN: attn-opt %s --attn-cost -o /dev/null 2>&1 | FileCheck %s --check-prefix=CPU
// RUN: attn-opt %s --attn-cost="target=%S/Inputs/cpu-wide.json json=-" -o /dev/null 2>/dev/null | FileCheck %s --check-prefix=WIDE
// RUN: attn-opt %s --attn-cost="target=gemmini json=-" -o /dev/null 2>/dev/null | FileCheck %s --check-prefix=GEMMINI
// RUN: attn-opt %s --attn-cost="target=%S/Inputs/edge-os.json json=-" -o /dev/null 2>/dev/null | FileCheck %s --check-prefix=EDGE

// One 256×64·64×256 GEMM: on gemmini (WS 16×16) SCALE-Sim's example, 64
// folds, which its two weight registers per PE take every max(M = 256,
// R = 16) cycles: 16384 (SCALE-Sim's 302 per fold without them); OS on 8×8: ceil(256/8)² = 1024 folds of 8+8+64−2 = 78 cycles
// = 79872 cycles.
// CPU: remark: attn-cost: macs=4194304 {{.*}} bound=compute complexity=O(256*256*64)
// WIDE: "clock_hz": 3000000000
// WIDE: "on_chip_bytes": 2097152
// WIDE: "target": "wide"
// GEMMINI: "compute_cycles": 16384
// GEMMINI: "target": "gemmini"
// GEMMINI: "target_kind": "systolic"
// EDGE: "compute_cycles": 79872
// EDGE: "target": "edge-os"
func.func @gemm(%a: tensor<256x64xf32>, %b: tensor<64x256xf32>, %c: tensor<256x256xf32>) -> tensor<256x256xf32> {
  %m = linalg.matmul ins(%a, %b : tensor<256x64xf32>, tensor<64x256xf32>) outs(%c : tensor<256x256xf32>) -> tensor<256x256xf32>
  return %m : tensor<256x256xf32>
}

// attn-cost reports the work of every op and a total per function.
// RUN: attn-opt %s --attn-cost -o /dev/null 2>&1 | FileCheck %s --check-prefix=FLASH
// RUN: attn-opt %s --attn-cost="strategy=materialized" -o /dev/null 2>&1 | FileCheck %s --check-prefix=MAT
// RUN: attn-opt %s --attn-cost="json=%t.json" -o /dev/null 2>/dev/null
// RUN: FileCheck %s --input-file=%t.json --check-prefix=JSON
// RUN: attn-opt %s --attn-cost="annotate" 2>/dev/null | FileCheck %s --check-prefix=ANNOT

// vanilla, B·H = 2, N = 100, M = 70, d = 16, dv = 24:
//   macs = 2·(100·70·16 + 100·70·24) = 560000
//   exps (flash, key-block 64: 2 blocks) = 2·(100·70 + 100·2) = 14400
//   exps (materialized) = 2·100·70 = 14000 (flops: + 2·100 zero-sum tests)
//   flash flops besides the MACs, per batch entry: scale on Q^T 100·16,
//   exps 7200, per block and row alpha's and m's max (2·100·2) plus the
//   scores' max 7000, subtractions and sums 2·7000 + 200, l and acc
//   rescales 200 + 24·200, final compare and division 2·100·24:
//   2·(1600 + 7200 + 7400 + 14200 + 5000 + 4800) = 80400, flops =
//   2·560000 + 80400 = 1200400.
// FLASH: attn-cost.mlir:[[@LINE+4]]:8: remark: attn-cost: macs=560000 flops=1200400 exps=14400 sram_peak_bytes={{[0-9]+}} dram_bytes=54400 arith_intensity=22.07 latency_cycles={{[0-9]+}} latency_s={{.*}} bound=compute complexity=O(N*M*(d+dv))
// MAT: attn-cost.mlir:[[@LINE+3]]:8: remark: attn-cost: macs=560000 flops=1204200 exps=14000
// ANNOT: attn.vanilla {{.*}} {attn.cost = {bound = "compute", complexity = "O(N*M*(d+dv))", dram_bytes = 54400 : i64, exps = 14400 : i64, flops = 1200400 : i64, latency_cycles = {{[0-9]+}} : i64, macs = 560000 : i64, sram_peak_bytes = {{[0-9]+}} : i64}}
func.func @layer(%q: tensor<1x2x100x16xf32>, %k: tensor<1x2x70x16xf32>, %v: tensor<1x2x70x24xf32>, %o: tensor<1x2x100x24xf32>, %we: tensor<1x2x16x8xf32>, %wc: tensor<16x24xf32>, %x: tensor<1x2x100x16xf32>, %th: tensor<2x30x8xf32>, %w: tensor<1x2x16x8xf32>, %a: tensor<64x32xf32>, %b: tensor<32x16xf32>, %c: tensor<64x16xf32>) -> (tensor<1x2x100x24xf32>, tensor<1x2x100x24xf32>, tensor<64x16xf32>) {
  %r = attn.vanilla ins(%q, %k, %v : tensor<1x2x100x16xf32>, tensor<1x2x70x16xf32>, tensor<1x2x70x24xf32>) outs(%o : tensor<1x2x100x24xf32>) -> tensor<1x2x100x24xf32>
  // primal_weights, B·H = 2, p = 30, d = 16, s = 8: macs = 2·30·16·8 = 7680.
  // FLASH: attn-cost.mlir:[[@LINE+1]]:10: remark: attn-cost: macs=7680 flops=15360 exps=0 {{.*}} complexity=O(p*d*s)
  %we2 = attn.primal_weights ins(%x, %th : tensor<1x2x100x16xf32>, tensor<2x30x8xf32>) outs(%w : tensor<1x2x16x8xf32>) -> tensor<1x2x16x8xf32>
  // primal, B·H = 2, N = 100, d = 16, s = 8, dv = 24:
  //   macs = 2·(2·100·16·8 + 2·100·8·24) = 128000, no exps;
  //   L2 norm of q and k: 2·2·(100·16 squares + 100·16 adds into 8
  //   partial sums per row + 100·8 adds of those + 100 sqrt/max/div +
  //   100·8 scalings of the projection by 1/||x||) = 20400 flops, so
  //   flops = 2·128000 + 20400 = 276400. (s = 8 needs no padding; see
  //   WorkAgreementTest for s = 5 and 30, padded to 8 and 32.)
  // FLASH: attn-cost.mlir:[[@LINE+1]]:8: remark: attn-cost: macs=128000 flops=276400 exps=0 {{.*}} complexity=O(N*s*(d+dv))
  %p = attn.primal ins(%q, %q, %we2, %we, %wc : tensor<1x2x100x16xf32>, tensor<1x2x100x16xf32>, tensor<1x2x16x8xf32>, tensor<1x2x16x8xf32>, tensor<16x24xf32>) outs(%o : tensor<1x2x100x24xf32>) -> tensor<1x2x100x24xf32>
  // A linalg op in the same function is costed from its iteration domain:
  // 64·16·32 = 32768 MACs.
  // FLASH: attn-cost.mlir:[[@LINE+1]]:8: remark: attn-cost: macs=32768 flops=65536 exps=0 {{.*}} complexity=O(64*16*32)
  %m = linalg.matmul ins(%a, %b : tensor<64x32xf32>, tensor<32x16xf32>) outs(%c : tensor<64x16xf32>) -> tensor<64x16xf32>
  return %r, %p, %m : tensor<1x2x100x24xf32>, tensor<1x2x100x24xf32>, tensor<64x16xf32>
}
// Total: 560000 + 7680 + 128000 + 32768 = 728448 MACs.
// FLASH: attn-cost.mlir:{{[0-9]+}}:1: remark: attn-cost total @layer: ops=4 macs=728448 {{.*}} exps=14400
// MAT: remark: attn-cost total @layer: ops=4 macs=728448

// The JSON report (keys sorted, as llvm::json writes them).
// JSON: "clock_hz": 2450000000
// JSON: "functions": [
// JSON: "name": "layer"
// JSON: "loc": "{{.*}}attn-cost.mlir:22:8"
// JSON: "macs": 560000
// JSON: "op": "attn.vanilla"
// JSON: "op": "attn.primal_weights"
// JSON: "op": "attn.primal"
// JSON: "op": "linalg.matmul"
// JSON: "total": {
// JSON: "macs": 728448
// JSON: "key_block": 64
// JSON: "on_chip_bytes": 524288
// JSON: "row_tile": 64
// JSON: "strategy": "flash"
// JSON: "target": "zen3"
// JSON: "target_kind": "cpu"

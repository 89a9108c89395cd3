// Bad options and inputs give a located, actionable error and exit status 1.
// RUN: not attn-opt %s --split-input-file --attn-cost 2>&1 | FileCheck %s
// RUN: not attn-opt %s --split-input-file --attn-count-work 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: not attn-opt %S/attn-cost.mlir --attn-cost="target=tpu-v9" 2>&1 | FileCheck %s --check-prefix=TARGET
// RUN: not attn-opt %S/attn-cost.mlir --attn-cost="target=%S/Inputs/malformed.json" 2>&1 | FileCheck %s --check-prefix=MALFORMED
// RUN: not attn-opt %S/attn-cost.mlir --attn-cost="target=%S/Inputs/negative-rows.json" 2>&1 | FileCheck %s --check-prefix=NEGROWS
// RUN: not attn-opt %S/attn-cost.mlir --attn-cost="target=%S/Inputs/cpu-zero-clock.json" 2>&1 | FileCheck %s --check-prefix=ZEROCLOCK
// RUN: not attn-opt %S/attn-cost.mlir --attn-cost="target=%S/Inputs/cpu-tiny-clock.json" 2>&1 | FileCheck %s --check-prefix=TINYCLOCK
// RUN: not attn-opt %S/attn-cost.mlir --attn-cost="target=%S/Inputs/i8.json" 2>&1 | FileCheck %s --check-prefix=I8
// RUN: not attn-opt %S/attn-cost.mlir --attn-cost="target=%S/Inputs/duplicate-key.json" 2>&1 | FileCheck %s --check-prefix=DUPKEY
// RUN: not attn-opt %S/attn-cost.mlir --attn-cost="target=%S/Inputs/missing.json" 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not attn-opt %S/attn-cost.mlir --attn-cost="row-tile=-4" 2>&1 | FileCheck %s --check-prefix=NEGTILE
// RUN: not attn-opt %S/attn-cost.mlir --attn-cost="key-block=0" 2>&1 | FileCheck %s --check-prefix=ZEROBLOCK
// RUN: not attn-opt %S/attn-cost.mlir --attn-cost="strategy=softmax" 2>&1 | FileCheck %s --check-prefix=STRATEGY
// RUN: not attn-opt %S/attn-cost.mlir --attn-cost="json=/nonexistent-dir/x.json" 2>&1 | FileCheck %s --check-prefix=JSONPATH

// TARGET: --attn-cost=target:0:0: error: attn-cost: unknown target 'tpu-v9' (known: host, cpu, zen3, icelake-server, neoverse-n1, gemmini, gemmini-bf16, tpu-v1, edge, or a .json file)
// MALFORMED: --attn-cost=target:0:0: error: attn-cost: {{.*}}malformed.json: malformed JSON:
// NEGROWS: error: attn-cost: {{.*}}negative-rows.json: key 'rows': expected a non-negative integer
// ZEROCLOCK: error: attn-cost: {{.*}}cpu-zero-clock.json: key 'clock_ghz': expected a positive number
// TINYCLOCK: error: attn-cost: {{.*}}cpu-tiny-clock.json: key 'clock_ghz': must be in [0.01, 100], got 1e-300
// I8: attn-cost.mlir:{{[0-9]+}}:{{[0-9]+}}: error: 'attn.vanilla' op systolic simulation: target 'i8-array': the simulator and the lowering support f32 or bf16 data with f32 accumulation (got i8/i32)
// DUPKEY: error: attn-cost: {{.*}}duplicate-key.json: key 'clock_mhz' given twice
// MISSING: error: attn-cost: cannot read target file '{{.*}}missing.json'
// NEGTILE: --attn-cost=row-tile:0:0: error: attn-cost: row-tile and key-block must be > 0, got row-tile=-4 key-block=64
// ZEROBLOCK: --attn-cost=key-block:0:0: error: attn-cost: row-tile and key-block must be > 0, got row-tile=64 key-block=0
// STRATEGY: for the --strategy option: Cannot find option named 'softmax'!
// JSONPATH: --attn-cost=json:0:0: error: cannot write JSON to '/nonexistent-dir/x.json'
// JSONPATH-NOT: see current operation
// JSONPATH-NOT: builtin.module

// Dynamic shapes are rejected, naming the operand and dimension.
// CHECK: cost-errors.mlir:[[@LINE+3]]:8: error: 'attn.vanilla' op requires static shapes: dim 0 of operand 'q' is dynamic
// COUNT: cost-errors.mlir:[[@LINE+2]]:8: error: attn-count-work: counts the loops of lowered IR; run convert-attn-to-linalg first
func.func @dynamic(%q: tensor<?x16xf32>, %k: tensor<70x16xf32>, %o: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %r = attn.vanilla ins(%q, %k, %k : tensor<?x16xf32>, tensor<70x16xf32>, tensor<70x16xf32>)
                    outs(%o : tensor<?x16xf32>) -> tensor<?x16xf32>
  return %r : tensor<?x16xf32>
}

// -----

// CHECK: cost-errors.mlir:[[@LINE+3]]:8: error: cost: the iteration domain has a dynamic extent; the cost analyses need static shapes
// COUNT: cost-errors.mlir:[[@LINE+2]]:8: error: cost: the iteration domain has a dynamic extent
func.func @dynamic_linalg(%a: tensor<?x8xf32>, %b: tensor<8x4xf32>, %c: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %m = linalg.matmul ins(%a, %b : tensor<?x8xf32>, tensor<8x4xf32>) outs(%c : tensor<?x4xf32>) -> tensor<?x4xf32>
  return %m : tensor<?x4xf32>
}

// -----

// A loop whose trip count is not static cannot be counted.
// CHECK: cost-errors.mlir:[[@LINE+4]]:8: error: cost: this loop has no static trip count
// COUNT: cost-errors.mlir:[[@LINE+3]]:8: error: cost: this loop has no static trip count
func.func @dynamic_loop(%n: index, %a: tensor<4x8xf32>, %b: tensor<8x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %c0 = arith.constant 0 : index
  %r = scf.for %i = %c0 to %n step %n iter_args(%acc = %c) -> tensor<4x4xf32> {
    %m = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<4x4xf32>) -> tensor<4x4xf32>
    scf.yield %m : tensor<4x4xf32>
  }
  return %r : tensor<4x4xf32>
}

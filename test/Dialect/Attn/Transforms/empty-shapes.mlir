// Regression (found by the diagnostics audit, docs/reliability.md): an op on an
// empty tensor passes the verifier, but tiling built an out-of-bounds
// tensor.extract_slice and the pipeline died on an internal verifier error.
// Now the lowering rejects it up front, naming the op, operand and dim.
// RUN: not attn-opt %s --split-input-file --attn-cpu-pipeline 2>&1 | FileCheck %s
// RUN: not attn-opt %s --split-input-file --attn-cpu-pipeline="strategy=materialized" 2>&1 | FileCheck %s
// RUN: not attn-opt %s --split-input-file --convert-attn-to-linalg 2>&1 | FileCheck %s

// CHECK-NOT: out-of-bounds
// CHECK: empty-shapes.mlir:[[@LINE+2]]:8: error: 'attn.vanilla' op lowering requires non-empty shapes: dim 0 of operand 'q' is 0 ('tensor<0x16xf32>')
func.func @no_queries(%q: tensor<0x16xf32>, %k: tensor<5x16xf32>, %o: tensor<0x16xf32>) -> tensor<0x16xf32> {
  %r = attn.vanilla ins(%q, %k, %k : tensor<0x16xf32>, tensor<5x16xf32>, tensor<5x16xf32>)
                    outs(%o : tensor<0x16xf32>) -> tensor<0x16xf32>
  return %r : tensor<0x16xf32>
}

// -----

// CHECK: empty-shapes.mlir:[[@LINE+2]]:8: error: 'attn.primal' op lowering requires non-empty shapes: dim 1 of operand 'q' is 0
func.func @no_features(%q: tensor<7x0xf32>, %w: tensor<0x3xf32>, %wc: tensor<6x4xf32>, %o: tensor<7x4xf32>) -> tensor<7x4xf32> {
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<7x0xf32>, tensor<7x0xf32>, tensor<0x3xf32>, tensor<0x3xf32>, tensor<6x4xf32>)
                   outs(%o : tensor<7x4xf32>) -> tensor<7x4xf32>
  return %r : tensor<7x4xf32>
}

// -----

// CHECK: empty-shapes.mlir:[[@LINE+2]]:8: error: 'attn.primal_weights' op lowering requires non-empty shapes: dim 0 of operand 'x' is 0
func.func @no_batch(%x: tensor<0x10x4xf32>, %t: tensor<2x3xf32>, %w: tensor<0x4x3xf32>) -> tensor<0x4x3xf32> {
  %r = attn.primal_weights ins(%x, %t : tensor<0x10x4xf32>, tensor<2x3xf32>) outs(%w : tensor<0x4x3xf32>) -> tensor<0x4x3xf32>
  return %r : tensor<0x4x3xf32>
}

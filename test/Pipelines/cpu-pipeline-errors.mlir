// Bad input and bad options give a located error and exit status 1.
// RUN: not attn-opt %s --split-input-file --attn-cpu-pipeline 2>&1 | FileCheck %s
// RUN: not attn-opt %s --split-input-file --convert-attn-to-linalg 2>&1 | FileCheck %s --check-prefix=CONVERT
// RUN: not attn-opt %S/cpu-pipeline.mlir --convert-attn-to-linalg="key-block=0" 2>&1 | FileCheck %s --check-prefix=BLOCK
// RUN: not attn-opt %S/cpu-pipeline.mlir --attn-cpu-pipeline="strategy=softmax" 2>&1 | FileCheck %s --check-prefix=STRATEGY
// RUN: not attn-opt %S/cpu-pipeline.mlir --attn-cpu-pipeline="row-tile=-4" 2>&1 | FileCheck %s --check-prefix=TILE
// RUN: not attn-opt %S/cpu-pipeline.mlir --attn-cpu-pipeline="no-such-option=1" 2>&1 | FileCheck %s --check-prefix=OPTION
// RUN: not attn-opt %S/cpu-pipeline.mlir --attn-vectorize-linalg="contraction-reduction-tile=0" 2>&1 | FileCheck %s --check-prefix=VECTILE
// RUN: not attn-opt %S/cpu-pipeline.mlir --attn-cpu-pipeline="parallel=maybe" 2>&1 | FileCheck %s --check-prefix=PARALLEL

// CHECK: cpu-pipeline-errors.mlir:[[@LINE+3]]:8: error: 'attn.vanilla' op requires static shapes: dim 0 of operand 'q' is dynamic ('tensor<?x16xf32>')
// CONVERT: cpu-pipeline-errors.mlir:[[@LINE+2]]:8: error: 'attn.vanilla' op requires static shapes: dim 0 of operand 'q' is dynamic
func.func @dynamic(%q: tensor<?x16xf32>, %k: tensor<70x16xf32>, %o: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %r = attn.vanilla ins(%q, %k, %k : tensor<?x16xf32>, tensor<70x16xf32>, tensor<70x16xf32>)
                    outs(%o : tensor<?x16xf32>) -> tensor<?x16xf32>
  return %r : tensor<?x16xf32>
}

// -----

// CHECK: cpu-pipeline-errors.mlir:[[@LINE+3]]:3: error: 'attn.primal_weights' op operand 'x' is a memref ('memref<10x4xf32>'); the attn passes and attn-cost work on tensors: run them before bufferization, on the tensor form of this op (attn-cpu-pipeline lowers attn ops, then bufferizes)
// CONVERT: cpu-pipeline-errors.mlir:[[@LINE+2]]:3: error: 'attn.primal_weights' op operand 'x' is a memref
func.func @memref(%x: memref<10x4xf32>, %t: memref<2x3xf32>, %w: memref<4x3xf32>) {
  attn.primal_weights ins(%x, %t : memref<10x4xf32>, memref<2x3xf32>) outs(%w : memref<4x3xf32>)
  return
}

// -----

// CHECK: cpu-pipeline-errors.mlir:[[@LINE+3]]:8: error: 'attn.primal' op requires static shapes: dim 1 of operand 'w_c' is dynamic
// CONVERT: cpu-pipeline-errors.mlir:[[@LINE+2]]:8: error: 'attn.primal' op requires static shapes: dim 1 of operand 'w_c'
func.func @dynamic_weights(%q: tensor<7x4xf32>, %w: tensor<4x3xf32>, %wc: tensor<6x?xf32>, %o: tensor<7x4xf32>) -> tensor<7x4xf32> {
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<7x4xf32>, tensor<7x4xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<6x?xf32>)
                   outs(%o : tensor<7x4xf32>) -> tensor<7x4xf32>
  return %r : tensor<7x4xf32>
}

// BLOCK: error: convert-attn-to-linalg: key-block must be > 0, got 0
// STRATEGY: Cannot find option named 'softmax'!
// TILE: error: attn-tile: tile sizes must be >= 0 (0 = untiled), got batch-tile=1 row-tile=-4
// OPTION: no such option no-such-option
// VECTILE: error: attn-vectorize-linalg: contraction-reduction-tile must be in [1, 64], got 0
// PARALLEL: for the --parallel option: 'maybe' is invalid value for boolean argument

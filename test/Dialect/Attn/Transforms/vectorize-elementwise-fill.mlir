// attn-vectorize-linalg's tiles for ops other than contractions, and the
// zero fill of a contraction's accumulator (docs/cpu-pipeline.md, "Register
// tiles from the target").
//
// An elementwise op (here an exp, which expands to about six live registers
// per vector) gets `elementwise-rows` rows of two registers: 2 on AVX-512
// (32 registers), 1 on AVX2 (16), so its fully unrolled tile does not
// spill; the option overrides the target.
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=x86-64-v4" --canonicalize | FileCheck %s --check-prefix=AVX512
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=x86-64-v3" --canonicalize | FileCheck %s --check-prefix=AVX2
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=x86-64-v4 elementwise-rows=4" --canonicalize | FileCheck %s --check-prefix=ROWS4
//
// A transpose (an operand read with its loop dims out of order) keeps the
// contraction's rows (4 for x86-64-v3); a 1-row tile of it would read a column
// element by element.
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=x86-64-v3" --canonicalize | FileCheck %s --check-prefix=TRANSPOSE
//
// A contraction into a zero fill, with its whole reduction in one tile, has
// the fill fused into its tile loops: there is no loop that stores zeros,
// and the first FMAs accumulate onto the zero constant.

// AVX512-LABEL: func @exp
// AVX512: scf.for {{.*}} step %c2
// AVX512: scf.for {{.*}} step %c32
// AVX512: vector.transfer_read {{.*}} : tensor<2x32xf32>, vector<2x32xf32>
// AVX512: math.fma {{.*}} : vector<2x32xf32>
// AVX2-LABEL: func @exp
// AVX2: scf.for {{.*}} step %c1
// AVX2: scf.for {{.*}} step %c16
// AVX2: vector.transfer_read {{.*}} : tensor<1x16xf32>, vector<16xf32>
// ROWS4-LABEL: func @exp
// ROWS4: scf.for {{.*}} step %c4
// ROWS4: vector.transfer_read {{.*}} : tensor<4x32xf32>, vector<4x32xf32>
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @exp(%s: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %e = tensor.empty() : tensor<64x64xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%s : tensor<64x64xf32>) outs(%e : tensor<64x64xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = math.exp %x : f32
    linalg.yield %y : f32
  } -> tensor<64x64xf32>
  return %r : tensor<64x64xf32>
}

// AVX512-LABEL: func @mm_zero
// AVX512: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<32xf32>
// AVX512-NOT: linalg.fill
// AVX512: scf.for {{.*}} step %c8
// AVX512-NOT: vector.transfer_write %[[ZERO]]
// AVX512: scf.for {{.*}} step %c32
// AVX512-NOT: vector.transfer_write %[[ZERO]]
// AVX512: vector.fma %{{.*}}, %{{.*}}, %[[ZERO]] : vector<32xf32>
// AVX512: vector.transfer_write {{.*}} : vector<8x32xf32>, tensor<8x32xf32>
// A fill that the contraction does not own (a second user) is not fused:
// it is a loop of zero stores of its own, before the contraction's loops.
// AVX512-LABEL: func @mm_shared_fill
// AVX512: scf.for {{.*}} step %c2
// AVX512: vector.transfer_write %{{.*}} : vector<2x32xf32>, tensor<2x32xf32>
// AVX512: scf.for {{.*}} step %c8
func.func @mm_zero(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x64xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<64x64xf32>) -> tensor<64x64xf32>
  %r = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>)
                     outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %r : tensor<64x64xf32>
}

func.func @mm_shared_fill(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>) -> (tensor<64x64xf32>, tensor<64x64xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x64xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<64x64xf32>) -> tensor<64x64xf32>
  %r = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>)
                     outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %r, %c : tensor<64x64xf32>, tensor<64x64xf32>
}

// TRANSPOSE-LABEL: func @transpose
// TRANSPOSE: scf.for {{.*}} step %c4
// TRANSPOSE: scf.for {{.*}} step %c16
// TRANSPOSE: vector.transfer_read {{.*}} : tensor<16x4xf32>, vector<16x4xf32>
// TRANSPOSE: vector.transpose
func.func @transpose(%x: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %e = tensor.empty() : tensor<64x64xf32>
  %t = linalg.transpose ins(%x : tensor<64x64xf32>) outs(%e : tensor<64x64xf32>) permutation = [1, 0]
  return %t : tensor<64x64xf32>
}

// With FMA the register tile takes as many rows as the register file holds,
// not only powers of two: 6 x 16 on AVX2 (12 accumulators, two B vectors,
// one broadcast of 16 ymm), 8 x 32 on AVX-512. Without FMA (SSE, AVX) it
// stays 4 rows. A 96-row op shows it; a 64-row op falls back to 4 rows on
// AVX2 (the largest divisor, vectorize-target-cpu.mlir).
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=x86-64-v3" | FileCheck %s --check-prefix=AVX2
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=znver3" | FileCheck %s --check-prefix=AVX2
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=x86-64-v4" | FileCheck %s --check-prefix=AVX512
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=sandybridge" | FileCheck %s --check-prefix=AVX
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=x86-64" | FileCheck %s --check-prefix=SSE
// The A operand's elements are read one by one (tensor.extract, a
// broadcast from memory after bufferization), not as a vector<6xf32> that
// LLVM splits and permutes:
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=x86-64-v3" | FileCheck %s --check-prefix=SCALAR

// AVX2: scf.for {{.*}} step %c6
// AVX2: scf.for {{.*}} step %c16
// AVX2-COUNT-12: vector.fma {{.*}} : vector<16xf32>
// AVX512: scf.for {{.*}} step %c8
// AVX512: scf.for {{.*}} step %c32
// AVX: scf.for {{.*}} step %c4
// AVX: scf.for {{.*}} step %c16
// SSE: scf.for {{.*}} step %c4
// SSE: scf.for {{.*}} step %c8
// SCALAR: vector.transfer_read {{.*}} : tensor<64x16xf32>, vector<64x16xf32>
// SCALAR: tensor.extract {{.*}} : tensor<6x64xf32>
// SCALAR-NOT: vector<6xf32>
// SCALAR-NOT: vector<6x64xf32>
// SCALAR-NOT: vector<64x6xf32>
func.func @mm96(%a: tensor<96x64xf32>, %b: tensor<64x64xf32>,
                %c: tensor<96x64xf32>) -> tensor<96x64xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<96x64xf32>, tensor<64x64xf32>)
                     outs(%c : tensor<96x64xf32>) -> tensor<96x64xf32>
  return %r : tensor<96x64xf32>
}

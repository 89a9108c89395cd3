// attn-vectorize-linalg picks a contraction's register tile from the vector
// ISA of target-cpu (docs/cpu-pipeline.md, "Register tiles from the
// target"): two registers wide, as many rows as the register file holds
// (a 64-row op falls back to 4 rows on AVX2, whose 6 do not divide 64;
// vectorize-rows6.mlir). The A operand is read element by element.
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=x86-64" | FileCheck %s --check-prefix=SSE
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=x86-64-v2" | FileCheck %s --check-prefix=SSE
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=sandybridge" | FileCheck %s --check-prefix=AVX2
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=x86-64-v3" | FileCheck %s --check-prefix=AVX2
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=znver3" | FileCheck %s --check-prefix=AVX2
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=x86-64-v4" | FileCheck %s --check-prefix=AVX512
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=skylake-avx512" | FileCheck %s --check-prefix=AVX512
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=znver4" | FileCheck %s --check-prefix=AVX512
// The options override the target, each on its own:
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=x86-64-v4 vector-width=16 rows=4" | FileCheck %s --check-prefix=AVX2
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=x86-64-v4 rows=2" | FileCheck %s --check-prefix=ROWS2
// The pipeline passes target-cpu on (and AOT builds pass llc's -mcpu):
// RUN: attn-opt %s --attn-cpu-pipeline="target-cpu=x86-64-v4" | FileCheck %s --check-prefix=PIPE512
// RUN: attn-opt %s --attn-cpu-pipeline="target-cpu=x86-64" | FileCheck %s --check-prefix=PIPESSE

// SSE:  scf.for {{.*}} step %c4
// SSE:  scf.for {{.*}} step %c8
// SSE:  vector.transfer_read {{.*}} : tensor<64x8xf32>, vector<64x8xf32>
// SSE:  tensor.extract {{.*}} : tensor<4x64xf32>
// SSE:  vector.fma {{.*}} : vector<8xf32>
// AVX2: scf.for {{.*}} step %c4
// AVX2: scf.for {{.*}} step %c16
// AVX2: vector.transfer_read {{.*}} : tensor<64x16xf32>, vector<64x16xf32>
// AVX2: tensor.extract {{.*}} : tensor<4x64xf32>
// AVX2: vector.fma {{.*}} : vector<16xf32>
// AVX512: scf.for {{.*}} step %c8
// AVX512: scf.for {{.*}} step %c32
// AVX512: vector.transfer_read {{.*}} : tensor<64x32xf32>, vector<64x32xf32>
// AVX512: tensor.extract {{.*}} : tensor<8x64xf32>
// AVX512: vector.fma {{.*}} : vector<32xf32>
// ROWS2: scf.for {{.*}} step %c2
// ROWS2: scf.for {{.*}} step %c32
// PIPE512: llvm.intr.fmuladd({{.*}}) : (vector<32xf32>, vector<32xf32>, vector<32xf32>) -> vector<32xf32>
// PIPE512-NOT: vector<16xf32>
// PIPESSE: llvm.intr.fmuladd({{.*}}) : (vector<8xf32>, vector<8xf32>, vector<8xf32>) -> vector<8xf32>
// PIPESSE-NOT: vector<32xf32>
func.func @mm(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>,
              %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>)
                     outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %r : tensor<64x64xf32>
}

// A static zero padding (primal's W_e/W_r columns rounded up to a multiple
// of 8, DecomposePrimal.cpp) becomes one masked read into a vector of the
// padded shape: no tensor.pad is left to bufferize into a strided
// memref.copy (a call into the runtime library, which AOT objects do not
// link), and the mask lowers to masked loads.
// RUN: attn-opt %s --attn-vectorize-linalg="vector-width=8 rows=4 elementwise-rows=1" | FileCheck %s
// RUN: attn-opt %s --attn-cpu-pipeline="vector-width=8 register-rows=4" | FileCheck %s --check-prefix=LLVM

// CHECK-LABEL: func @pad
// CHECK-NOT: tensor.pad
// CHECK: %[[M:.*]] = vector.create_mask %c16, %c5 : vector<16x8xi1>
// CHECK: vector.transfer_read %arg0[%c0, %c0], %cst, %[[M]] {{.*}} : tensor<16x5xf32>, vector<16x8xf32>
// CHECK-NOT: tensor.pad
// LLVM-LABEL: llvm.func @pad
// LLVM-NOT: memrefCopy
// LLVM: llvm.intr.masked.load
// LLVM-NOT: memrefCopy
func.func @pad(%w: tensor<16x5xf32>) -> tensor<16x8xf32> {
  %c = arith.constant 0.0 : f32
  %p = tensor.pad %w low[0, 0] high[0, 3] {
  ^bb0(%i: index, %j: index):
    tensor.yield %c : f32
  } : tensor<16x5xf32> to tensor<16x8xf32>
  return %p : tensor<16x8xf32>
}

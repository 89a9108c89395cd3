// attn-raise on softmax attention in TOSA (docs/frontends.md, form c), as
// the TFLite/ONNX -> TOSA legalizations print it: tosa.transpose of K,
// tosa.matmul with zero points, tosa.mul by a constant with a zero shift,
// tosa.add of a mask, then reduce_max, sub, exp, reduce_sum, reciprocal,
// mul, and tosa.matmul with V.
// RUN: attn-opt %s --attn-raise --split-input-file | FileCheck %s
// The systolic pipeline's `raise` option: the raised op becomes a kernel.
// RUN: attn-opt %s --split-input-file --attn-systolic-pipeline="raise=true" | FileCheck %s --check-prefix=SYS
// SYS: systolic.kernel @tosa_attention
// SYS: systolic.buffer input @arg3 [1, 96, 200]
// SYS: systolic.buffer output @out0 [2, 96, 16]
// SYS-NOT: tosa.
// SYS: systolic.kernel @tosa_plain

// CHECK-LABEL: func @tosa_attention
// CHECK-SAME: (%[[Q:.*]]: tensor<2x96x8xf32>, %[[K:.*]]: tensor<2x200x8xf32>, %[[V:.*]]: tensor<2x200x16xf32>, %[[M:.*]]: tensor<1x96x200xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x96x16xf32>
// CHECK: %[[O:.*]] = attn.vanilla ins(%[[Q]], %[[K]], %[[V]], %[[M]] : tensor<2x96x8xf32>, tensor<2x200x8xf32>, tensor<2x200x16xf32>, tensor<1x96x200xf32>) outs(%[[E]] : tensor<2x96x16xf32>) {scale = 0.353553385 : f32}
// CHECK-NOT: tosa.
// CHECK: return %[[O]]
func.func @tosa_attention(%arg0: tensor<2x96x8xf32>, %arg1: tensor<2x200x8xf32>, %arg2: tensor<2x200x16xf32>, %arg3: tensor<1x96x200xf32>) -> tensor<2x96x16xf32> {
  %0 = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %1 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %2 = "tosa.const"() <{values = dense<0.353553385> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %3 = tosa.transpose %arg1 {perms = array<i32: 0, 2, 1>} : (tensor<2x200x8xf32>) -> tensor<2x8x200xf32>
  %4 = tosa.matmul %arg0, %3, %0, %0 : (tensor<2x96x8xf32>, tensor<2x8x200xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x96x200xf32>
  %5 = tosa.mul %4, %2, %1 : (tensor<2x96x200xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<2x96x200xf32>
  %6 = tosa.add %5, %arg3 : (tensor<2x96x200xf32>, tensor<1x96x200xf32>) -> tensor<2x96x200xf32>
  %7 = tosa.reduce_max %6 {axis = 2 : i32} : (tensor<2x96x200xf32>) -> tensor<2x96x1xf32>
  %8 = tosa.sub %6, %7 : (tensor<2x96x200xf32>, tensor<2x96x1xf32>) -> tensor<2x96x200xf32>
  %9 = tosa.exp %8 : (tensor<2x96x200xf32>) -> tensor<2x96x200xf32>
  %10 = tosa.reduce_sum %9 {axis = 2 : i32} : (tensor<2x96x200xf32>) -> tensor<2x96x1xf32>
  %11 = tosa.reciprocal %10 : (tensor<2x96x1xf32>) -> tensor<2x96x1xf32>
  %12 = tosa.mul %9, %11, %1 : (tensor<2x96x200xf32>, tensor<2x96x1xf32>, tensor<1xi8>) -> tensor<2x96x200xf32>
  %13 = tosa.matmul %12, %arg2, %0, %0 : (tensor<2x96x200xf32>, tensor<2x200x16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x96x16xf32>
  return %13 : tensor<2x96x16xf32>
}

// -----

// No scale, no mask; the constant scale's operand order swapped on the mul
// of the normalization.
// CHECK-LABEL: func @tosa_plain
// CHECK: attn.vanilla ins(%arg0, %arg1, %arg2 : tensor<1x5x4xf32>, tensor<1x7x4xf32>, tensor<1x7x3xf32>) outs(%{{.*}} : tensor<1x5x3xf32>) {scale = 1.000000e+00 : f32}
// CHECK-NOT: tosa.
func.func @tosa_plain(%arg0: tensor<1x5x4xf32>, %arg1: tensor<1x7x4xf32>, %arg2: tensor<1x7x3xf32>) -> tensor<1x5x3xf32> {
  %0 = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %1 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %3 = tosa.transpose %arg1 {perms = array<i32: 0, 2, 1>} : (tensor<1x7x4xf32>) -> tensor<1x4x7xf32>
  %4 = tosa.matmul %arg0, %3, %0, %0 : (tensor<1x5x4xf32>, tensor<1x4x7xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x7xf32>
  %7 = tosa.reduce_max %4 {axis = 2 : i32} : (tensor<1x5x7xf32>) -> tensor<1x5x1xf32>
  %8 = tosa.sub %4, %7 : (tensor<1x5x7xf32>, tensor<1x5x1xf32>) -> tensor<1x5x7xf32>
  %9 = tosa.exp %8 : (tensor<1x5x7xf32>) -> tensor<1x5x7xf32>
  %10 = tosa.reduce_sum %9 {axis = 2 : i32} : (tensor<1x5x7xf32>) -> tensor<1x5x1xf32>
  %11 = tosa.reciprocal %10 : (tensor<1x5x1xf32>) -> tensor<1x5x1xf32>
  %12 = tosa.mul %11, %9, %1 : (tensor<1x5x1xf32>, tensor<1x5x7xf32>, tensor<1xi8>) -> tensor<1x5x7xf32>
  %13 = tosa.matmul %12, %arg2, %0, %0 : (tensor<1x5x7xf32>, tensor<1x7x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x3xf32>
  return %13 : tensor<1x5x3xf32>
}

// Primal: weights and the bias row resident in the scratchpad, the GEMMs on
// the raw Q and K while the vector unit computes the L2 norms (rsqrt of the
// clamped row sum of squares), which scale e and r as they move to the
// scratchpad; the bias row is broadcast into the accumulator (a window with
// ld 0); primal_weights gathers the sampled rows one DMA row each into a
// scratch buffer.
// RUN: attn-opt %s --attn-systolic-pipeline | FileCheck %s

// Aliases name an argument by the one operand it feeds; %x feeds both
// primal_weights' x and primal's q, so it keeps only its position.
// CHECK-LABEL: systolic.kernel @primal
// CHECK-NEXT: systolic.buffer input @arg0 [10, 4]{{$}}
// CHECK-NEXT: systolic.buffer input @arg1 [10, 4] alias "k"{{$}}
// CHECK-NEXT: systolic.buffer input @arg2 [4, 3] alias "theta"{{$}}
// CHECK-NEXT: systolic.buffer input @arg3 [6, 6] alias "w_c"{{$}}
// CHECK-NEXT: systolic.buffer input @arg4 [6] alias "b_c"{{$}}
// CHECK: systolic.buffer output @out0 [10, 6]
// CHECK: systolic.buffer scratch @t0 [4, 3]
// CHECK: systolic.mvin @arg0[0, 4] -> <sp, 0, 4, 1> rows 1 cols 4
// CHECK-NEXT: systolic.mvin @arg0[12, 4] -> <sp, 4, 4, 1> rows 1 cols 4
// CHECK-NEXT: systolic.mvin @arg0[24, 4] -> <sp, 8, 4, 1> rows 1 cols 4
// CHECK-NEXT: systolic.mvin @arg0[36, 4] -> <sp, 12, 4, 1> rows 1 cols 4
// CHECK-NEXT: systolic.mvin @arg2[0, 3] -> <sp, 16, 3, 1> rows 4 cols 3
// CHECK-NEXT: systolic.matmul <sp, 0, 1, 4>, <sp, 16, 3, 1> -> <acc, 0, 3, 1> m 4 k 4 n 3
// CHECK-NEXT: systolic.mvout <acc, 0, 3, 1> -> @t0[0, 3] rows 4 cols 3
// Load order: W_e, W_r, block 0's Q and K, then W_c and the bias (they
// wait for the previous batch slice's last O; block 0's Q W_e and K W_r do
// not need them).
// CHECK-NEXT: systolic.mvin @t0[0, 3] -> <sp, 0, 3, 1> rows 4 cols 3
// CHECK-NEXT: systolic.mvin @t0[0, 3] -> <sp, 12, 3, 1> rows 4 cols 3
// CHECK-NEXT: systolic.mvin @arg0[0, 4] -> <sp, [[Q:[0-9]+]], 4, 1> rows 10 cols 4
// CHECK-NEXT: systolic.mvin @arg1[0, 4] -> <sp, [[K:[0-9]+]], 4, 1> rows 10 cols 4
// CHECK-NEXT: systolic.mvin @arg3[0, 6] -> <sp, {{[0-9]+}}, 6, 1> rows 6 cols 6
// CHECK-NEXT: systolic.mvin @arg4[0, 0] -> <sp, [[BIAS:[0-9]+]], 6, 1> rows 1 cols 6
// CHECK-NEXT: systolic.vector mul <sp, [[SQ:[0-9]+]], 4, 1>, <sp, [[Q]], 4, 1>, <sp, [[Q]], 4, 1> rows 10 cols 4
// CHECK-NEXT: systolic.vector rowsum <sp, [[NQ:[0-9]+]], 1, 1>, <sp, [[SQ]], 4, 1>
// CHECK-NEXT: systolic.vector maxs {{.*}} imm 1.000000e-24
// CHECK-NEXT: systolic.vector rsqrt
// CHECK: systolic.matmul <sp, [[Q]], 4, 1>, <sp, 0, 3, 1> -> <acc, [[E:[0-9]+]], 3, 1> m 10 k 4 n 3
// CHECK-NEXT: systolic.matmul <sp, [[K]], 4, 1>
// CHECK-NEXT: systolic.vector mul <sp, {{[0-9]+}}, 3, 1>, <acc, [[E]], 3, 1>, <sp, [[NQ]], 1, 0> rows 10 cols 3
// CHECK-NEXT: systolic.vector mul
// CHECK-NEXT: systolic.vector mov <acc, [[O:[0-9]+]], 6, 1>, <sp, [[BIAS]], 0, 1> rows 10 cols 6
// CHECK: systolic.mvout <acc, [[O]], 6, 1> -> @out0[0, 6] rows 10 cols 6
func.func @primal(%x: tensor<10x4xf32>, %k: tensor<10x4xf32>, %th: tensor<4x3xf32>,
                  %wc: tensor<6x6xf32>, %bc: tensor<6xf32>) -> tensor<10x6xf32> {
  %ew = tensor.empty() : tensor<4x3xf32>
  %w = attn.primal_weights ins(%x, %th : tensor<10x4xf32>, tensor<4x3xf32>)
                           outs(%ew : tensor<4x3xf32>) -> tensor<4x3xf32>
  %e = tensor.empty() : tensor<10x6xf32>
  %o = attn.primal ins(%x, %k, %w, %w, %wc, %bc : tensor<10x4xf32>, tensor<10x4xf32>,
                       tensor<4x3xf32>, tensor<4x3xf32>, tensor<6x6xf32>, tensor<6xf32>)
                   outs(%e : tensor<10x6xf32>) -> tensor<10x6xf32>
  return %o : tensor<10x6xf32>
}

// The flash schedule: per query block, Q scaled once, per key block
// S = Q K^T (K read transposed by strides), online softmax on the vector
// unit, P*V accumulated; the target travels as an attribute.
// RUN: attn-opt %s --attn-systolic-pipeline | FileCheck %s
// RUN: attn-opt %s --attn-systolic-pipeline="strategy=materialized" | FileCheck %s --check-prefix=MAT
// RUN: attn-opt %s --attn-systolic-pipeline="target=%S/Inputs/os-target.json" | FileCheck %s --check-prefix=OS
// RUN: attn-opt %s --systolic-target=edge --attn-systolic-pipeline | FileCheck %s --check-prefix=EDGE
// RUN: attn-opt %s --systolic-target=edge --attn-systolic-pipeline="target=tpu-v1" | FileCheck %s --check-prefix=TPU

// CHECK-LABEL: systolic.kernel @flash <name = "gemmini", rows = 16, cols = 16, dataflow = ws
// Inputs are named by position; the operand each feeds is their alias.
// CHECK-NEXT: systolic.buffer input @arg0 [20, 32] alias "q"{{$}}
// CHECK-NEXT: systolic.buffer input @arg1 [24, 32] alias "k"{{$}}
// CHECK-NEXT: systolic.buffer input @arg2 [24, 8] alias "v"{{$}}
// CHECK-NEXT: systolic.buffer output @out0 [20, 8]{{$}}
// CHECK-NEXT: systolic.mvin @arg0[0, 32] -> <sp, 0, 32, 1> rows 20 cols 32
// CHECK-NEXT: systolic.vector muls <sp, 0, 32, 1>, <sp, 0, 32, 1> rows 20 cols 32 imm 0.176776692
// CHECK:      systolic.mvin @arg1[0, 32] -> <sp, [[K:[0-9]+]], 32, 1> rows 24 cols 32
// CHECK:      systolic.matmul <sp, 0, 32, 1>, <sp, [[K]], 1, 32> -> <acc, [[S:[0-9]+]], 24, 1> m 20 k 16 n 16
// CHECK-NEXT: systolic.matmul <sp, 16, 32, 1>, {{.*}} m 20 k 16 n 16 accumulate
// CHECK:      systolic.vector causal <acc, [[S]], 24, 1> rows 20 cols 24 row0 0 col0 0
// CHECK-NEXT: systolic.vector rowmax
// The scores' exp goes chunk by chunk of one fold's keys (16, then 8).
// CHECK:      systolic.vector exp <sp, [[P:[0-9]+]], 24, 1>, <acc, [[S]], 24, 1> rows 20 cols 16
// CHECK:      systolic.vector exp {{.*}} rows 20 cols 8
// Key block 0 writes O (no zero fill), later folds accumulate.
// CHECK-NOT:  systolic.vector fill <acc
// CHECK:      systolic.matmul <sp, [[P]], 24, 1>, {{.*}} m 20 k 16 n 8{{ *$}}
// CHECK-NEXT: systolic.matmul {{.*}} m 20 k 8 n 8 accumulate
// CHECK:      systolic.vector recip
// CHECK:      systolic.mvout <acc, 0, 8, 1> -> @out0[0, 8] rows 20 cols 8

// MAT-LABEL: systolic.kernel @flash
// MAT: systolic.buffer scratch @t0 [20, 24]
// MAT: systolic.vector causal <acc, 0, 24, 1> rows 20 cols 24 row0 0 col0 0
// MAT: systolic.mvout <acc, 0, 24, 1> -> @t0[0, 24] rows 20 cols 24
// MAT: systolic.mvin @t0[0, 24]

// OS: systolic.kernel @flash <name = "my-os", rows = 8, cols = 4, dataflow = os
// OS: systolic.matmul {{.*}} m 8 k 32 n 4

// EDGE: systolic.kernel @flash <name = "edge", rows = 8, cols = 8
// TPU: systolic.kernel @flash <name = "tpu-v1", rows = 256, cols = 256
func.func @flash(%q: tensor<20x32xf32>, %k: tensor<24x32xf32>, %v: tensor<24x8xf32>) -> tensor<20x8xf32> {
  %e = tensor.empty() : tensor<20x8xf32>
  %o = attn.vanilla ins(%q, %k, %v : tensor<20x32xf32>, tensor<24x32xf32>, tensor<24x8xf32>)
                    outs(%e : tensor<20x8xf32>) {alignment = #attn.alignment<top_left>, causal} -> tensor<20x8xf32>
  return %o : tensor<20x8xf32>
}

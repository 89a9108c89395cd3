// f16/bf16 attn.vanilla (issue 16): the operands are widened to f32 once
// (arith.extf), scores, the softmax statistics and the accumulator are f32,
// and the result is rounded to the operand type into the init.
// RUN: attn-opt %s --convert-attn-to-linalg --canonicalize | FileCheck %s
// RUN: attn-opt %s --attn-cpu-pipeline | FileCheck %s --check-prefix=LLVM

// CHECK-LABEL: func @f16
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<2x7x16xf16>) outs(%{{.*}} : tensor<2x7x16xf32>)
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: linalg.generic {{.*}} ins(%arg1 : tensor<2x9x16xf16>) outs(%{{.*}} : tensor<2x9x16xf32>)
// CHECK: linalg.generic {{.*}} ins(%arg2 : tensor<2x9x8xf16>) outs(%{{.*}} : tensor<2x9x8xf32>)
// CHECK: linalg.generic {{.*}} ins(%arg3 : tensor<7x9xf16>) outs(%{{.*}} : tensor<7x9xf32>)
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK-NOT: f16
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<2x7x8xf32>) outs(%arg4 : tensor<2x7x8xf16>)
// CHECK: arith.truncf %{{.*}} : f32 to f16
// LLVM-LABEL: llvm.func @f16
// LLVM: llvm.fpext %{{.*}} : vector<16xf16> to vector<16xf32>
// LLVM: llvm.fptrunc %{{.*}} : vector<8xf32> to vector<8xf16>
// LLVM-LABEL: llvm.func @bf16
// LLVM-NOT: llvm.fpext {{.*}}bf16
// LLVM-NOT: llvm.fptrunc {{.*}}bf16
// LLVM: llvm.return
func.func @f16(%q: tensor<2x7x16xf16>, %k: tensor<2x9x16xf16>, %v: tensor<2x9x8xf16>, %m: tensor<7x9xf16>, %o: tensor<2x7x8xf16>) -> tensor<2x7x8xf16> {
  %r = attn.vanilla ins(%q, %k, %v, %m : tensor<2x7x16xf16>, tensor<2x9x16xf16>, tensor<2x9x8xf16>, tensor<7x9xf16>) outs(%o : tensor<2x7x8xf16>) -> tensor<2x7x8xf16>
  return %r : tensor<2x7x8xf16>
}

// bf16 with an i1 mask: the mask is not widened (it becomes 0 / -inf). In the CPU pipeline the
// f32 <-> bf16 conversions become integer ops (attn-expand-bf16), so LLVM
// gets no bf16 fpext/fptrunc (a libgcc call before GCC 13).
// CHECK-LABEL: func @bf16
// CHECK: ins(%arg0 : tensor<7x16xbf16>) outs(%{{.*}} : tensor<7x16xf32>)
// CHECK-NOT: arith.extf %{{.*}} : i1
// CHECK: ins(%arg3 : tensor<9xi1>) outs(%{{.*}} : tensor<9xf32>)
// CHECK: arith.truncf %{{.*}} : f32 to bf16
func.func @bf16(%q: tensor<7x16xbf16>, %k: tensor<9x16xbf16>, %v: tensor<9x8xbf16>, %m: tensor<9xi1>, %o: tensor<7x8xbf16>) -> tensor<7x8xbf16> {
  %r = attn.vanilla ins(%q, %k, %v, %m : tensor<7x16xbf16>, tensor<9x16xbf16>, tensor<9x8xbf16>, tensor<9xi1>) outs(%o : tensor<7x8xbf16>) {alignment = #attn.alignment<top_left>, causal} -> tensor<7x8xbf16>
  return %r : tensor<7x8xbf16>
}

// attn-cpu-pipeline{parallel=true}: the row tiles run under OpenMP
// (scf.forall -> scf.parallel -> omp.parallel + omp.wsloop), and the result
// translates to LLVM IR that forks through the OpenMP runtime. Numerical
// correctness with 1 and 2 threads is checked by the bench/smoke test.
// RUN: attn-opt %s --attn-cpu-pipeline="parallel=true" | FileCheck %s
// RUN: attn-opt %s --attn-cpu-pipeline="parallel=true" | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVMIR
// Without it there is no OpenMP.
// RUN: attn-opt %s --attn-cpu-pipeline | FileCheck %s --check-prefix=SEQ
// Buffer deallocation's helper, where a kernel needs one (the flash kernel
// below no longer does), is internal, so several AOT objects link into one
// program.
// RUN: attn-opt %S/../Integration/CPU/Inputs/raise-attention.mlir --attn-cpu-pipeline | FileCheck %s --check-prefix=HELPER

// CHECK-NOT: scf.
// CHECK-NOT: memref.alloca_scope
// CHECK: omp.parallel
// CHECK: omp.wsloop
// CHECK: omp.loop_nest
// LLVMIR: call void (ptr, i32, ptr, ...) @__kmpc_fork_call
// SEQ-NOT: omp.
// SEQ: llvm.func @flash
// HELPER: llvm.func internal @dealloc_helper

// Four 64-row tiles per head, four 64-key blocks (loop-carried buffers).
func.func @flash(%q: tensor<1x2x256x64xf32>, %k: tensor<1x2x256x64xf32>,
                 %v: tensor<1x2x256x64xf32>) -> tensor<1x2x256x64xf32>
    attributes {llvm.emit_c_interface} {
  %o0 = tensor.empty() : tensor<1x2x256x64xf32>
  %o = attn.vanilla ins(%q, %k, %v : tensor<1x2x256x64xf32>, tensor<1x2x256x64xf32>,
                        tensor<1x2x256x64xf32>)
                    outs(%o0 : tensor<1x2x256x64xf32>) -> tensor<1x2x256x64xf32>
  return %o : tensor<1x2x256x64xf32>
}

// attn-cpu-pipeline takes attn ops on tensors to the LLVM dialect.
// RUN: attn-opt %s --attn-cpu-pipeline | FileCheck %s
// RUN: attn-opt %s --attn-cpu-pipeline="strategy=materialized vectorize=false row-tile=16 key-block=16" | FileCheck %s
// RUN: attn-opt %s --attn-cpu-pipeline | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVMIR
// The intermediate stages: static tiles, then vector ops and no linalg left.
// RUN: attn-opt %s --attn-tile --convert-attn-to-linalg --attn-decompose-linalg-aggregates --canonicalize --attn-vectorize-linalg="target-cpu=x86-64-v3" --canonicalize | FileCheck %s --check-prefix=VEC
// RUN: attn-opt %s --attn-tile --convert-attn-to-linalg --attn-decompose-linalg-aggregates --canonicalize --attn-vectorize-linalg="target-cpu=x86-64-v3" --canonicalize | FileCheck %s --check-prefix=CONTRACT
// RUN: attn-opt %s --attn-tile --convert-attn-to-linalg --attn-decompose-linalg-aggregates --canonicalize --attn-vectorize-linalg="target-cpu=x86-64-v3" --canonicalize | FileCheck %s --check-prefix=NOEXP

// CHECK-NOT: attn.
// CHECK-NOT: linalg.
// CHECK-NOT: scf.
// CHECK-DAG: llvm.func @vanilla(
// CHECK-DAG: llvm.func @_mlir_ciface_vanilla(
// CHECK-DAG: llvm.func @primal_layer(
// CHECK-DAG: llvm.func @_mlir_ciface_primal_layer(
// LLVMIR: define void @_mlir_ciface_vanilla(ptr
// LLVMIR: define void @_mlir_ciface_primal_layer(ptr

// VEC-LABEL: func @vanilla
// VEC-NOT: linalg.
// VEC: scf.for
// VEC-DAG: vector.transfer_read {{.*}} : tensor<1x3x16xf32>, vector<3x16xf32>
// VEC-DAG: arith.maxnumf {{.*}} : vector<{{[0-9]+}}xf32>
// Flash's softmax is in base 2, and its exp2 is a polynomial of
// multiply-adds that LLVM may fuse (Exp2Approximation.cpp), not a call.
// VEC-DAG: arith.mulf {{.*}} fastmath<contract> : vector<{{[0-9]+}}xf32>
// VEC-DAG: arith.shli {{.*}} : vector<{{[0-9]+}}xi32>
// NOEXP-LABEL: func @vanilla
// NOEXP-NOT: math.exp
// NOEXP-LABEL: func @primal_layer
// The contractions (scores, P*V, primal projections) are outer-product FMAs
// on whole vectors, not horizontal dot-product reductions.
// CONTRACT-LABEL: func @vanilla
// CONTRACT-NOT: vector.reduction
// CONTRACT: vector.fma {{.*}} : vector<16xf32>
// CONTRACT-NOT: vector.reduction
// CONTRACT-LABEL: func @primal_layer
// CONTRACT-NOT: vector.reduction
// CONTRACT: vector.fma
// CONTRACT-NOT: vector.reduction
// VEC-LABEL: func @primal_layer
// Everything is vector ops, the row gather of primal_weights too: one
// vectorized row copy per sampled row.
// VEC-NOT: linalg.
// VEC: scf.for %{{.*}} = %c0 to %c8 step %c1 iter_args(%{{.*}}) -> (tensor<1x1x8x16xf32>)
// VEC:   vector.transfer_read {{.*}} : tensor<1x1x1x16xf32>, vector<16xf32>
// VEC-NOT: linalg.
// VEC: return
func.func @vanilla(%q: tensor<2x33x16xf32>, %k: tensor<2x70x16xf32>, %v: tensor<2x70x16xf32>)
    -> tensor<2x33x16xf32> attributes {llvm.emit_c_interface} {
  %o = tensor.empty() : tensor<2x33x16xf32>
  %r = attn.vanilla ins(%q, %k, %v : tensor<2x33x16xf32>, tensor<2x70x16xf32>, tensor<2x70x16xf32>)
                    outs(%o : tensor<2x33x16xf32>) {alignment = #attn.alignment<top_left>, causal} -> tensor<2x33x16xf32>
  return %r : tensor<2x33x16xf32>
}

func.func @primal_layer(%x: tensor<1x2x64x16xf32>, %t: tensor<2x8x4xf32>, %wc: tensor<8x16xf32>)
    -> tensor<1x2x64x16xf32> attributes {llvm.emit_c_interface} {
  %w0 = tensor.empty() : tensor<1x2x16x4xf32>
  %w = attn.primal_weights ins(%x, %t : tensor<1x2x64x16xf32>, tensor<2x8x4xf32>)
                           outs(%w0 : tensor<1x2x16x4xf32>) -> tensor<1x2x16x4xf32>
  %o = tensor.empty() : tensor<1x2x64x16xf32>
  %r = attn.primal ins(%x, %x, %w, %w, %wc : tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>,
                       tensor<1x2x16x4xf32>, tensor<1x2x16x4xf32>, tensor<8x16xf32>)
                   outs(%o : tensor<1x2x64x16xf32>) -> tensor<1x2x64x16xf32>
  return %r : tensor<1x2x64x16xf32>
}

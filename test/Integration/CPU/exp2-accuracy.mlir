// The f32 exp2 of flash's base-2 softmax (Exp2Approximation.cpp), compiled
// by attn-cpu-pipeline for the ISAs this test can run, against the f64 libm
// exp2 of the same inputs: 2^16 + 1 points evenly spread over [-125, 128),
// the exact powers of two, and the edges (overflow, flush to zero, -inf,
// NaN). The bound 2.5e-7 is the polynomial's 1.7e-7 (1.9e-7 without FMA)
// in f32 arithmetic with some room; a wrong coefficient, clamp or exponent
// bias fails it by orders of magnitude. Both the host's ISA and plain
// x86-64 (SSE2: no FMA, multiply and add apart) run.
// RUN: attn-opt %s --attn-cpu-pipeline \
// RUN:   | mlir-runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%llvm_lib_dir/libmlir_runner_utils.so,%llvm_lib_dir/libmlir_c_runner_utils.so \
// RUN:   | FileCheck %s
// RUN: attn-opt %s --attn-cpu-pipeline=target-cpu=x86-64 \
// RUN:   | mlir-runner -e main -entry-point-result=void -mattr=-fma,-avx \
// RUN:       -shared-libs=%llvm_lib_dir/libmlir_runner_utils.so,%llvm_lib_dir/libmlir_c_runner_utils.so \
// RUN:   | FileCheck %s

// CHECK: range ok: 1
// CHECK: powers of two exact: 1
// CHECK: edges ok: 1

#id = affine_map<(d0) -> (d0)>

func.func private @printF64(f64)

func.func @exp2_range(%x: tensor<65537xf32>) -> tensor<65537xf32> {
  %e = tensor.empty() : tensor<65537xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<65537xf32>) outs(%e : tensor<65537xf32>) {
  ^bb0(%a: f32, %o: f32):
    %y = math.exp2 %a : f32
    linalg.yield %y : f32
  } -> tensor<65537xf32>
  return %r : tensor<65537xf32>
}

func.func @exp2_edges(%x: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %y = math.exp2 %a : f32
    linalg.yield %y : f32
  } -> tensor<8xf32>
  return %r : tensor<8xf32>
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 65537 : index
  // x_i = -125 + i * 253 / 65536, i < 65537 (the last one is 128: overflow,
  // checked with the edges instead).
  %e = tensor.empty() : tensor<65537xf32>
  %x = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel"]}
      outs(%e : tensor<65537xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %ii = arith.index_cast %i : index to i64
    %fi = arith.sitofp %ii : i64 to f64
    %step = arith.constant 0.0038604736328125 : f64
    %lo = arith.constant -125.0 : f64
    %v = arith.mulf %fi, %step : f64
    %w = arith.addf %v, %lo : f64
    %f = arith.truncf %w : f64 to f32
    linalg.yield %f : f32
  } -> tensor<65537xf32>
  %y = func.call @exp2_range(%x) : (tensor<65537xf32>) -> tensor<65537xf32>

  // Max relative error against f64 exp2 over [-125, 128).
  %last = arith.constant 65536 : index
  %zero = arith.constant 0.0 : f64
  %err = scf.for %i = %c0 to %last step %c1 iter_args(%m = %zero) -> f64 {
    %xi = tensor.extract %x[%i] : tensor<65537xf32>
    %yi = tensor.extract %y[%i] : tensor<65537xf32>
    %xd = arith.extf %xi : f32 to f64
    %yd = arith.extf %yi : f32 to f64
    %ref = math.exp2 %xd : f64
    %d = arith.subf %yd, %ref : f64
    %ad = math.absf %d : f64
    %rel = arith.divf %ad, %ref : f64
    // NaN (a wrong result that is NaN) must not hide: maximumf keeps it.
    %m2 = arith.maximumf %m, %rel : f64
    scf.yield %m2 : f64
  }
  %bound = arith.constant 2.5e-7 : f64
  %ok = arith.cmpf ole, %err, %bound : f64
  vector.print str "max rel error: "
  func.call @printF64(%err) : (f64) -> ()
  vector.print str "\n"
  vector.print str "range ok: "
  vector.print %ok : i1

  // 2^k exactly, k = -125 .. 127.
  %kmin = arith.constant -125 : i32
  %kmax = arith.constant 128 : i32
  %k1 = arith.constant 1 : i32
  %true = arith.constant true
  %exact = scf.for %k = %kmin to %kmax step %k1 iter_args(%all = %true) -> i1 : i32 {
    %kf = arith.sitofp %k : i32 to f32
    %t = tensor.from_elements %kf, %kf, %kf, %kf, %kf, %kf, %kf, %kf : tensor<8xf32>
    %p = func.call @exp2_edges(%t) : (tensor<8xf32>) -> tensor<8xf32>
    %pk = tensor.extract %p[%c0] : tensor<8xf32>
    %kd = arith.sitofp %k : i32 to f64
    %refk = math.exp2 %kd : f64
    %pkd = arith.extf %pk : f32 to f64
    %same = arith.cmpf oeq, %pkd, %refk : f64
    %all2 = arith.andi %all, %same : i1
    scf.yield %all2 : i1
  }
  vector.print str "powers of two exact: "
  vector.print %exact : i1

  // Edges: 128 and above overflow to +inf, +inf too; below 2^-125.5 (and
  // -inf) flush to +0; NaN stays NaN.
  %inf = arith.constant 0x7F800000 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %nan = arith.constant 0x7FC00000 : f32
  %a128 = arith.constant 128.0 : f32
  %a1000 = arith.constant 1000.0 : f32
  %am127 = arith.constant -127.0 : f32
  %am1000 = arith.constant -1000.0 : f32
  %ahalf = arith.constant 0.5 : f32
  %edges = tensor.from_elements %a128, %a1000, %inf, %am127, %am1000, %ninf, %nan, %ahalf : tensor<8xf32>
  %r = func.call @exp2_edges(%edges) : (tensor<8xf32>) -> tensor<8xf32>
  %fzero = arith.constant 0.0 : f32
  %sqrt2 = arith.constant 1.41421354 : f32
  %r0 = tensor.extract %r[%c0] : tensor<8xf32>
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c7 = arith.constant 7 : index
  %r1 = tensor.extract %r[%c1] : tensor<8xf32>
  %r2 = tensor.extract %r[%c2] : tensor<8xf32>
  %r3 = tensor.extract %r[%c3] : tensor<8xf32>
  %r4 = tensor.extract %r[%c4] : tensor<8xf32>
  %r5 = tensor.extract %r[%c5] : tensor<8xf32>
  %r6 = tensor.extract %r[%c6] : tensor<8xf32>
  %r7 = tensor.extract %r[%c7] : tensor<8xf32>
  %e0 = arith.cmpf oeq, %r0, %inf : f32
  %e1 = arith.cmpf oeq, %r1, %inf : f32
  %e2 = arith.cmpf oeq, %r2, %inf : f32
  %e3 = arith.cmpf oeq, %r3, %fzero : f32
  %e4 = arith.cmpf oeq, %r4, %fzero : f32
  %e5 = arith.cmpf oeq, %r5, %fzero : f32
  %e6 = arith.cmpf uno, %r6, %r6 : f32
  // sqrt(2) to within the bound: a check of the polynomial at r = 1/2.
  %d7 = arith.subf %r7, %sqrt2 : f32
  %a7 = math.absf %d7 : f32
  %tol7 = arith.constant 3.0e-7 : f32
  %e7 = arith.cmpf ole, %a7, %tol7 : f32
  %x01 = arith.andi %e0, %e1 : i1
  %x23 = arith.andi %e2, %e3 : i1
  %x45 = arith.andi %e4, %e5 : i1
  %x67 = arith.andi %e6, %e7 : i1
  %x03 = arith.andi %x01, %x23 : i1
  %x47 = arith.andi %x45, %x67 : i1
  %edgesOk = arith.andi %x03, %x47 : i1
  vector.print str "edges ok: "
  vector.print %edgesOk : i1
  return
}

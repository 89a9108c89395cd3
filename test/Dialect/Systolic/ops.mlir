// Round trip of every systolic op and of #systolic.target.
// RUN: attn-opt %s | attn-opt | FileCheck %s

// CHECK-LABEL: systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = os
// CHECK: systolic.buffer input @x [4, 8]
// CHECK: systolic.mvin @x[0, 8] -> <sp, 0, 8, 1> rows 4 cols 8
// CHECK: systolic.matmul <sp, 0, 8, 1>, <sp, 0, 1, 8> -> <acc, 0, 8, 1> m 4 k 8 n 4 accumulate
// CHECK: systolic.vector rowmax <acc, 64, 1, 1>, <acc, 0, 8, 1> rows 4 cols 4
// CHECK: systolic.vector sub <acc, 0, 8, 1>, <acc, 0, 8, 1>, <acc, 64, 1, 0> rows 4 cols 4
// CHECK: systolic.vector muls <acc, 0, 8, 1>, <acc, 0, 8, 1> rows 4 cols 4 imm 1.250000e-01
// CHECK: systolic.vector causal <acc, 0, 8, 1> rows 4 cols 4 row0 0 col0 0
// CHECK: systolic.fence
// CHECK: systolic.mvout <acc, 0, 8, 1> -> @y[0, 4] rows 4 cols 4
systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = os,
    elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2,
    acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50,
    vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4,
    clock_mhz = 500.0> {
  systolic.buffer input @x [4, 8]
  systolic.buffer output @y [4, 4]
  systolic.mvin @x[0, 8] -> <sp, 0, 8, 1> rows 4 cols 8
  systolic.matmul <sp, 0, 8, 1>, <sp, 0, 1, 8> -> <acc, 0, 8, 1> m 4 k 8 n 4 accumulate
  systolic.vector rowmax <acc, 64, 1, 1>, <acc, 0, 8, 1> rows 4 cols 4
  systolic.vector sub <acc, 0, 8, 1>, <acc, 0, 8, 1>, <acc, 64, 1, 0> rows 4 cols 4
  systolic.vector muls <acc, 0, 8, 1>, <acc, 0, 8, 1> rows 4 cols 4 imm 0.125
  systolic.vector causal <acc, 0, 8, 1> rows 4 cols 4 row0 0 col0 0
  systolic.fence
  systolic.mvout <acc, 0, 8, 1> -> @y[0, 4] rows 4 cols 4
}

// A hardware loop whose mvin alternates two scratchpad rows (i0 mod 2) and
// walks the rows of x.
// CHECK-LABEL: systolic.kernel @loops
// CHECK: systolic.loop count 4 {
// CHECK-NEXT: systolic.mvin @x[0, 8] -> <sp, 0, 8, 1> rows 1 cols 8 {terms = array<i64: 1, 0, 8, 2, 0, 0, 0, 8, 0, 0>}
// CHECK-NEXT: }
systolic.kernel @loops <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  systolic.buffer input @x [4, 8]
  systolic.loop count 4 {
    systolic.mvin @x[0, 8] -> <sp, 0, 8, 1> rows 1 cols 8 {terms = array<i64: 1, 0, 8, 2, 0, 0, 0, 8, 0, 0>}
  }
}

// The energy table: only the given entries, f64 picojoules; a value that is
// not a short decimal survives the round trip.
// CHECK-LABEL: systolic.kernel @energy
// CHECK-SAME: clock_mhz = 5.000000e+02, energy_pj = {dram_byte = 3.250000e+02 : f64, idle_array = 0.000000e+00 : f64, vector_mul = 0.30000000000000004 : f64}>
systolic.kernel @energy <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0, energy_pj = {vector_mul = 0.30000000000000004 : f64, dram_byte = 325.0 : f64, idle_array = 0.0 : f64}> {
}

// pe_double_buffer: printed only when true (false is the default), after
// the dataflow.
// CHECK-LABEL: systolic.kernel @double_buffered
// CHECK-SAME: dataflow = ws, pe_double_buffer = true, elem_type = f32
// CHECK-LABEL: systolic.kernel @single_buffered
// CHECK-SAME: dataflow = ws, elem_type = f32
systolic.kernel @double_buffered <name = "gemmini", rows = 16, cols = 16, dataflow = ws, pe_double_buffer = true, elem_type = f32, acc_type = f32, spad_kib = 256, spad_banks = 4, acc_kib = 64, dram_bytes_per_cycle = 16.0, dram_latency_cycles = 100, vector_lanes = 16, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 1000.0> {
}
systolic.kernel @single_buffered <name = "edge", rows = 8, cols = 8, dataflow = ws, pe_double_buffer = false, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
}

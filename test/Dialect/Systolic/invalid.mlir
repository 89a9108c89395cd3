// Verifier rules: the simulator's rules, the target's rules, operand rules.
// RUN: attn-opt %s --split-input-file --verify-diagnostics

// expected-error @+1 {{invalid #systolic.target: key 'rows': must be in [1, 4096], got 0}}
systolic.kernel @k <name = "bad", rows = 0, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
}

// -----

// expected-error @+1 {{invalid #systolic.target: key 'acc_type': f32 does not accumulate i8 (f32/bf16 accumulate in f32, i8 in i32)}}
systolic.kernel @k <name = "bad", rows = 8, cols = 8, dataflow = ws, elem_type = i8, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
}

// -----

// expected-error @+1 {{'systolic.kernel' op target 'int': the simulator and the lowering support f32 or bf16 data with f32 accumulation (got i8/i32)}}
systolic.kernel @k <name = "int", rows = 8, cols = 8, dataflow = ws, elem_type = i8, acc_type = i32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  systolic.buffer input @x [4, 8]
  // expected-error @+1 {{'systolic.matmul' op ws dataflow: k = 9 exceeds the array's rows (8) in one fold}}
  systolic.matmul <sp, 0, 9, 1>, <sp, 0, 8, 1> -> <acc, 0, 8, 1> m 4 k 9 n 8
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = os, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  // expected-error @+1 {{'systolic.matmul' op os dataflow: m = 16 exceeds the array's rows (8) in one fold}}
  systolic.matmul <sp, 0, 9, 1>, <sp, 0, 8, 1> -> <acc, 0, 8, 1> m 16 k 9 n 8
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = is, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  // expected-error @+1 {{'systolic.matmul' op is dataflow: m = 9 exceeds the array's cols (8) in one fold}}
  systolic.matmul <sp, 0, 8, 1>, <sp, 0, 8, 1> -> <acc, 0, 8, 1> m 9 k 8 n 100
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  systolic.buffer input @x [4, 8]
  // expected-error @+1 {{'systolic.mvin' op operand 'd': sp window [16380, 16411] is out of range (the scratchpad holds 16384 elements)}}
  systolic.mvin @x[0, 8] -> <sp, 16380, 8, 1> rows 4 cols 8
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  // expected-error @+1 {{'systolic.vector' op operand 'd': acc window [4096, 4127] is out of range (the accumulator holds 4096 elements)}}
  systolic.vector fill <acc, 4096, 8, 1> rows 4 cols 8 imm 0.0
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  systolic.buffer input @x [4, 8]
  // expected-error @+1 {{'systolic.mvout' op mvout writes input buffer 'x' (inputs are read-only)}}
  systolic.mvout <acc, 0, 8, 1> -> @x[0, 8] rows 4 cols 8
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  // expected-error @+1 {{'systolic.mvin' op unknown buffer 'y'}}
  systolic.mvin @y[0, 8] -> <sp, 0, 8, 1> rows 4 cols 8
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  // expected-error @+1 {{'systolic.matmul' op matmul writes 'd' to the accumulator (acc)}}
  systolic.matmul <sp, 0, 8, 1>, <sp, 0, 8, 1> -> <sp, 0, 8, 1> m 4 k 8 n 8
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  // expected-error @+1 {{'systolic.vector' op 'exp' needs an operand a}}
  systolic.vector exp <acc, 0, 8, 1> rows 4 cols 8
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  // expected-error @+1 {{'systolic.vector' op 'muls' needs an imm}}
  systolic.vector muls <acc, 0, 8, 1>, <acc, 0, 8, 1> rows 4 cols 8
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  // expected-error @+1 {{'systolic.buffer' op buffer 'x': shape must have positive dims}}
  systolic.buffer input @x [4, 0]
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  // expected-error @+1 {{'systolic.buffer' op buffer 'x': more than 2^30 elements (the simulator's limit)}}
  systolic.buffer input @x [65536, 65536]
}

// -----

// Loops: every iteration's window is checked (here the 5th row of x).
systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  systolic.buffer input @x [4, 8]
  systolic.loop count 5 {
    // expected-error @+1 {{'systolic.mvin' op at the last/largest iteration: operand 'dram': window [32, 39] is out of range of buffer 'x' (32 elements)}}
    systolic.mvin @x[0, 8] -> <sp, 0, 8, 1> rows 1 cols 8 {terms = array<i64: 0, 0, 8, 0, 0>}
  }
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  systolic.buffer input @x [4, 8]
  // expected-error @+1 {{'systolic.mvin' op index term of 'dram' names loop i0, but only 0 loop(s) enclose the instruction}}
  systolic.mvin @x[0, 8] -> <sp, 0, 8, 1> rows 1 cols 8 {terms = array<i64: 0, 0, 8, 0, 0>}
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  systolic.buffer input @x [4, 8]
  systolic.loop count 2 {
    // expected-error @+1 {{'systolic.mvin' op 'terms' holds groups of five integers (field, level, coefficient, modulus, offset), got 4 integers}}
    systolic.mvin @x[0, 8] -> <sp, 0, 8, 1> rows 1 cols 8 {terms = array<i64: 0, 0, 8, 0>}
  }
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  systolic.buffer input @x [4, 8]
  // expected-error @+1 {{'systolic.loop' op loop count must be in [1, 2^30), got 0}}
  systolic.loop count 0 {
  }
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  systolic.buffer input @x [4, 8]
  systolic.loop count 2 {
    // expected-error @+1 {{'systolic.mvin' op 'terms': field must be in [0, 5], got 9}}
    systolic.mvin @x[0, 8] -> <sp, 0, 8, 1> rows 1 cols 8 {terms = array<i64: 9, 0, 8, 0, 0>}
  }
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  systolic.buffer input @arg0 [4, 8] alias "q"
  // expected-error @+1 {{'systolic.buffer' op buffer 'arg1': alias 'q' is already the name or alias of buffer 'arg0'}}
  systolic.buffer input @arg1 [4, 8] alias "q"
}

// -----

// The energy table: the JSON reader's names, ranges and messages.
// expected-error @+1 {{invalid #systolic.target: unknown key 'energy_pj.macs' (did you mean 'mac'?)}}
systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0, energy_pj = {macs = 1.0 : f64}> {
}

// -----

systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
  // expected-error @+1 {{'systolic.buffer' op buffer 'arg0': alias 'a b' is not a name (letters, digits, '_', '.')}}
  systolic.buffer input @arg0 [4, 8] alias "a b"
}

// -----

// expected-error @+1 {{invalid #systolic.target: key 'energy_pj.dram_byte': must be in [0, 1000000000], got -1}}
systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0, energy_pj = {dram_byte = -1.0 : f64}> {
}

// -----

// expected-error @+1 {{invalid #systolic.target: key 'energy_pj.mac': expected a float (pJ per action)}}
systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0, energy_pj = {mac = 4 : i64}> {
}

// -----

// expected-error @+2 {{expected 'true' or 'false'}}
// expected-error @+1 {{failed to parse Systolic_TargetAttr parameter 'pe_double_buffer' which is to be a `bool`}}
systolic.kernel @k <name = "edge", rows = 8, cols = 8, dataflow = ws, pe_double_buffer = 1, elem_type = f32, acc_type = f32, spad_kib = 64, spad_banks = 2, acc_kib = 16, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 50, vector_lanes = 8, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4, clock_mhz = 500.0> {
}

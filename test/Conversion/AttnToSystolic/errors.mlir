// Inputs the systolic lowering cannot take give a located error, status 1.
// RUN: not attn-opt %s --split-input-file --attn-systolic-pipeline 2>&1 | FileCheck %s
// RUN: not attn-opt %s --split-input-file --attn-systolic-pipeline="strategy=materialized target=edge" 2>&1 | FileCheck %s --check-prefix=MAT
// RUN: not attn-opt %S/vanilla.mlir --attn-systolic-pipeline="target=warp9" 2>&1 | FileCheck %s --check-prefix=PRESET
// RUN: not attn-opt %S/vanilla.mlir --systolic-target=%S/Inputs/bad-dataflow.json --attn-systolic-pipeline 2>&1 | FileCheck %s --check-prefix=DATAFLOW
// RUN: not attn-opt %S/vanilla.mlir --attn-systolic-pipeline="target=%S/Inputs/negative.json" 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// RUN: not attn-opt %S/vanilla.mlir --attn-systolic-pipeline="target=%S/Inputs/typo.json" 2>&1 | FileCheck %s --check-prefix=TYPO
// RUN: not attn-opt %S/vanilla.mlir --attn-systolic-pipeline="target=%S/Inputs/malformed.json" 2>&1 | FileCheck %s --check-prefix=MALFORMED
// RUN: not attn-opt %S/vanilla.mlir --attn-systolic-pipeline="target=%S/Inputs/missing.json" 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not attn-opt %S/vanilla.mlir --attn-systolic-pipeline="target=%S/Inputs/energy-typo.json" 2>&1 | FileCheck %s --check-prefix=ENERGY-TYPO
// RUN: not attn-opt %S/vanilla.mlir --attn-systolic-pipeline="target=%S/Inputs/energy-negative.json" 2>&1 | FileCheck %s --check-prefix=ENERGY-RANGE
// RUN: not attn-opt %S/vanilla.mlir --attn-systolic-pipeline="max-instructions=0" 2>&1 | FileCheck %s --check-prefix=MAXOPT
// RUN: not attn-opt %S/vanilla.mlir --convert-attn-to-systolic="max-instructions=4194305" 2>&1 | FileCheck %s --check-prefix=MAXOPT2
// RUN: not attn-opt %S/vanilla.mlir --attn-systolic-pipeline="max-instructions=10" 2>&1 | FileCheck %s --check-prefix=LIMIT
// An i8 target is described but not implemented (it needs quantization
// scales): refused here as in attn-cost (test/Analysis/Cost/cost-errors.mlir),
// with the same reason.
// RUN: not attn-opt %S/vanilla.mlir --convert-attn-to-systolic="target=%S/Inputs/i8.json" 2>&1 | FileCheck %s --check-prefix=I8
// Errors are located, and never followed by a dump of the op (for a
// func.func, the whole function) or of the module:
// RUN: not attn-opt %s --split-input-file --attn-systolic-pipeline 2>&1 | FileCheck %s --check-prefix=NODUMP
// RUN: not attn-opt %S/vanilla.mlir --attn-systolic-pipeline="target=warp9" 2>&1 | FileCheck %s --check-prefix=NODUMP
// NODUMP-NOT: see current operation

// PRESET: error: convert-attn-to-systolic: target '{{[^']*}}': unknown systolic target preset 'warp9' (known: gemmini, gemmini-bf16, tpu-v1, edge; or give a .json file)
// DATAFLOW: error: convert-attn-to-systolic: target '{{[^']*}}': {{.*}}bad-dataflow.json: key 'dataflow': expected "ws", "os" or "is", got "diagonal"
// NEGATIVE: error: convert-attn-to-systolic: target '{{[^']*}}': {{.*}}negative.json: key 'spad_kib': expected a non-negative integer
// TYPO: error: convert-attn-to-systolic: target '{{[^']*}}': {{.*}}typo.json: unknown key 'spad_kb'
// MALFORMED: error: convert-attn-to-systolic: target '{{[^']*}}': {{.*}}malformed.json: malformed JSON
// MISSING: error: convert-attn-to-systolic: target '{{[^']*}}': cannot read systolic target file '{{.*}}missing.json'
// ENERGY-TYPO: error: convert-attn-to-systolic: target '{{[^']*}}': {{.*}}energy-typo.json: unknown key 'energy_pj.dram_bytes' (did you mean 'dram_byte'?)
// ENERGY-RANGE: error: convert-attn-to-systolic: target '{{[^']*}}': {{.*}}energy-negative.json: key 'energy_pj.mac': must be in [0, 1000000000], got -4.6
// MAXOPT: error: convert-attn-to-systolic: max-instructions must be in [1, 4194304], got 0
// I8: --convert-attn-to-systolic=target:0:0: error: convert-attn-to-systolic: target '{{.*}}i8.json': target 'i8-array': the simulator and the lowering support f32 or bf16 data with f32 accumulation (got i8/i32)
// MAXOPT2: --convert-attn-to-systolic=max-instructions:0:0: error: convert-attn-to-systolic: max-instructions must be in [1, 4194304], got 4194305
// LIMIT: vanilla.mlir:{{[0-9]+}}:8: error: 'attn.vanilla' op systolic lowering: the program would need more than 10 instructions (max-instructions)

// The stream form's token count must be known to the program.
// CHECK: errors.mlir:[[@LINE+4]]:10: error: 'attn.primal_stream' op systolic lowering: 'seen' must be a constant in [0, 2^24) (the program counts tokens in f32 on the vector unit)
func.func @stream_seen(%q: tensor<8x4xf32>, %w: tensor<4x2xf32>, %wc: tensor<4x3xf32>, %s: tensor<4xf32>) -> (tensor<8x3xf32>, tensor<4xf32>, tensor<4xf32>) {
  %e = tensor.empty() : tensor<8x3xf32>
  %t = arith.constant -3 : index
  %o:3 = attn.primal_stream ins(%q, %q, %w, %w, %wc : tensor<8x4xf32>, tensor<8x4xf32>, tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x3xf32>)
                            outs(%e, %s, %s : tensor<8x3xf32>, tensor<4xf32>, tensor<4xf32>) seen(%t) -> tensor<8x3xf32>, tensor<4xf32>, tensor<4xf32>
  return %o#0, %o#1, %o#2 : tensor<8x3xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Bottom-right causal with several queries and N != M is CPU-only for now
// (one-token decoding masks nothing and lowers).
// CHECK: errors.mlir:[[@LINE+3]]:8: error: 'attn.vanilla' op systolic lowering: causal with #attn.alignment<bottom_right> and 1 < N != M is not supported yet (use the CPU pipeline; one-token decoding, N = 1, is)
func.func @decode(%q: tensor<3x8xf32>, %k: tensor<20x8xf32>) -> tensor<3x8xf32> {
  %e = tensor.empty() : tensor<3x8xf32>
  %o = attn.vanilla ins(%q, %k, %k : tensor<3x8xf32>, tensor<20x8xf32>, tensor<20x8xf32>)
                    outs(%e : tensor<3x8xf32>) {causal, alignment = #attn.alignment<bottom_right>} -> tensor<3x8xf32>
  return %o : tensor<3x8xf32>
}

// -----

// CHECK: errors.mlir:[[@LINE+2]]:8: error: 'attn.vanilla' op systolic lowering: the init must be a tensor.empty
func.func @init(%q: tensor<8x4xf32>, %o: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %r = attn.vanilla ins(%q, %q, %q : tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x4xf32>)
                    outs(%o : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

// CHECK: errors.mlir:[[@LINE+4]]:8: error: 'arith.addf' op is not supported by the systolic lowering (only attn ops, tensor.empty and func.return)
func.func @other(%q: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %e = tensor.empty() : tensor<8x4xf32>
  %r = attn.vanilla ins(%q, %q, %q : tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x4xf32>) outs(%e : tensor<8x4xf32>) -> tensor<8x4xf32>
  %s = arith.addf %r, %r : tensor<8x4xf32>
  return %s : tensor<8x4xf32>
}

// -----

// CHECK: errors.mlir:[[@LINE+1]]:1: error: 'func.func' op systolic lowering: argument 0 must be a static-shape f32 tensor, got 'tensor<?x4xf32>'
func.func @dynamic(%q: tensor<?x4xf32>, %k: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %e = tensor.empty() : tensor<8x4xf32>
  %r = attn.vanilla ins(%k, %q, %q : tensor<8x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>) outs(%e : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

// Materialized keeps no score row on chip (the scores go through DRAM), so
// long rows lower; what must fit is one query row and a double-buffered key
// of d = 6000 (3 * 6000 elements) in edge's 16384-element scratchpad.
// MAT: errors.mlir:[[@LINE+3]]:8: error: 'attn.vanilla' op systolic lowering on target 'edge': materialized: even one query row and one key, with d = 6000, do not fit the scratchpad (16384 elements) and accumulator (4096 elements)
func.func @wide_rows(%q: tensor<4x6000xf32>, %k: tensor<8x6000xf32>) -> tensor<4x6000xf32> {
  %e = tensor.empty() : tensor<4x6000xf32>
  %r = attn.vanilla ins(%q, %k, %k : tensor<4x6000xf32>, tensor<8x6000xf32>, tensor<8x6000xf32>) outs(%e : tensor<4x6000xf32>) -> tensor<4x6000xf32>
  return %r : tensor<4x6000xf32>
}

// -----

// Empty dims are refused like on the CPU path (attn-ir-fuzzer: an empty key
// dim reached a division by the number of key tiles).
// CHECK: errors.mlir:[[@LINE+2]]:1: error: 'func.func' op systolic lowering: argument 1 must have non-empty dims, got 'tensor<2x0x16xf32>'
// MAT: errors.mlir:[[@LINE+1]]:1: error: 'func.func' op systolic lowering: argument 1 must have non-empty dims, got 'tensor<2x0x16xf32>'
func.func @empty_keys(%q: tensor<2x33x16xf32>, %k: tensor<2x0x16xf32>) -> tensor<2x33x16xf32> {
  %o = tensor.empty() : tensor<2x33x16xf32>
  %r = attn.vanilla ins(%q, %k, %k : tensor<2x33x16xf32>, tensor<2x0x16xf32>, tensor<2x0x16xf32>) outs(%o : tensor<2x33x16xf32>) -> tensor<2x33x16xf32>
  return %r : tensor<2x33x16xf32>
}

// -----

// Forms of attn.vanilla the systolic schedules do not implement are refused
// (never silently run unmasked or on the wrong heads).
// CHECK: errors.mlir:[[@LINE+3]]:8: error: 'attn.vanilla' op systolic lowering: a sliding 'window' is not supported yet (use the CPU pipeline)
func.func @window(%q: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %e = tensor.empty() : tensor<8x4xf32>
  %r = attn.vanilla ins(%q, %q, %q : tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x4xf32>) outs(%e : tensor<8x4xf32>) {window = 2} -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

// CHECK: errors.mlir:[[@LINE+3]]:8: error: 'attn.vanilla' op systolic lowering: grouped-query attention (k/v with fewer heads than q) is not supported yet (use the CPU pipeline)
func.func @gqa(%q: tensor<1x4x8x4xf32>, %k: tensor<1x2x8x4xf32>) -> tensor<1x4x8x4xf32> {
  %e = tensor.empty() : tensor<1x4x8x4xf32>
  %r = attn.vanilla ins(%q, %k, %k : tensor<1x4x8x4xf32>, tensor<1x2x8x4xf32>, tensor<1x2x8x4xf32>) outs(%e : tensor<1x4x8x4xf32>) -> tensor<1x4x8x4xf32>
  return %r : tensor<1x4x8x4xf32>
}

// Diagnostics audit (docs/reliability.md): every pass option that can take a
// bad value gives an error located at the option (`--pass=option:0:0:`, not
// `<unknown>:0:`) naming the pass, the option, the allowed range and the
// value, with no IR printed, and attn-opt exits with status 1.
// RUN: not attn-opt %s --attn-tile="batch-tile=-1" 2>&1 | FileCheck %s --check-prefix=BATCH
// RUN: not attn-opt %s --attn-tile="row-tile=-7" 2>&1 | FileCheck %s --check-prefix=ROW
// RUN: not attn-opt %s --convert-attn-to-linalg="key-block=-3" 2>&1 | FileCheck %s --check-prefix=KEYBLOCK
// RUN: not attn-opt %s --convert-attn-to-linalg="strategy=online" 2>&1 | FileCheck %s --check-prefix=STRATEGY
// RUN: not attn-opt %s --convert-attn-to-linalg="kv-splits=0" 2>&1 | FileCheck %s --check-prefix=SPLITS0
// RUN: not attn-opt %s --convert-attn-to-linalg="kv-splits=4 strategy=materialized" 2>&1 | FileCheck %s --check-prefix=SPLITSMAT
// RUN: not attn-opt %s --attn-cost="kv-splits=-2" 2>&1 | FileCheck %s --check-prefix=COSTSPLITS
// RUN: not attn-opt %s --attn-vectorize-linalg="vector-width=-1" 2>&1 | FileCheck %s --check-prefix=VW0
// RUN: not attn-opt %s --attn-vectorize-linalg="vector-width=65" 2>&1 | FileCheck %s --check-prefix=VW65
// RUN: not attn-opt %s --attn-vectorize-linalg="rows=-2" 2>&1 | FileCheck %s --check-prefix=ROWS
// RUN: not attn-opt %s --attn-cpu-pipeline="elementwise-rows=65" 2>&1 | FileCheck %s --check-prefix=EWROWS
// RUN: not attn-opt %s --attn-vectorize-linalg="reduction-tile=1000" 2>&1 | FileCheck %s --check-prefix=RED
// RUN: not attn-opt %s --attn-cpu-pipeline="vector-width=100000" 2>&1 | FileCheck %s --check-prefix=VW65K
// RUN: not attn-opt %s --attn-cpu-pipeline="key-block=-1" 2>&1 | FileCheck %s --check-prefix=PIPEBLOCK
// RUN: not attn-opt %s --attn-cpu-pipeline="batch-tile=x" 2>&1 | FileCheck %s --check-prefix=NOTINT
// RUN: not attn-opt %s --attn-cpu-pipeline="vectorize=maybe" 2>&1 | FileCheck %s --check-prefix=NOTBOOL
// An unknown CPU is an error with the closest name, on the pass and the
// pipeline (before anything runs, also with vectorize=false, since the
// default row-tile and key-block come from it); with all five tiles given,
// target-cpu is not consulted.
// RUN: not attn-opt %s --attn-vectorize-linalg="target-cpu=skylake-avx51" 2>&1 | FileCheck %s --check-prefix=CPU
// RUN: not attn-opt %s --attn-cpu-pipeline="target-cpu=pentium-9" 2>&1 | FileCheck %s --check-prefix=CPUPIPE
// RUN: not attn-opt %s --attn-cpu-pipeline="target-cpu=i386 vector-width=8" 2>&1 | FileCheck %s --check-prefix=CPU32
// RUN: attn-opt %s --attn-cpu-pipeline="target-cpu=nonsense vector-width=8 register-rows=2 elementwise-rows=1 row-tile=64 key-block=64" -o /dev/null
// RUN: attn-opt %s --attn-cpu-pipeline="target-cpu=nonsense vectorize=false row-tile=64 key-block=64" -o /dev/null
// RUN: not attn-opt %s --attn-cpu-pipeline="target-cpu=nonsense vector-width=8 register-rows=2 row-tile=64 key-block=64" 2>&1 | FileCheck %s --check-prefix=CPUNAME
// RUN: not attn-opt %s --attn-cpu-pipeline="target-cpu=nonsense vector-width=8 register-rows=2 elementwise-rows=1 key-block=64" 2>&1 | FileCheck %s --check-prefix=CPUNAME
// RUN: not attn-opt %s --attn-cpu-pipeline="target-cpu=znver33 vectorize=false" 2>&1 | FileCheck %s --check-prefix=CPUNOVEC

// Not errors: tile 0 means untiled, a tile larger than the dim is one tile
// (the default row-tile=64 must work on a 7-row op).
// RUN: attn-opt %s --attn-tile="row-tile=0 batch-tile=0" | FileCheck %s --check-prefix=UNTILED
// RUN: attn-opt %s --attn-tile="row-tile=1000 batch-tile=1000" | FileCheck %s --check-prefix=UNTILED
// RUN: attn-opt %s --convert-attn-to-linalg="key-block=1000" | FileCheck %s --check-prefix=BIGBLOCK

// BATCH: --attn-tile=batch-tile:0:0: error: attn-tile: tile sizes must be >= 0 (0 = untiled), got batch-tile=-1 row-tile=64
// BATCH-NOT: see current operation
// BATCH-NOT: <unknown>
// ROW: --attn-tile=row-tile:0:0: error: attn-tile: tile sizes must be >= 0 (0 = untiled), got batch-tile=1 row-tile=-7
// KEYBLOCK: --convert-attn-to-linalg=key-block:0:0: error: convert-attn-to-linalg: key-block must be > 0, got -3
// STRATEGY: Cannot find option named 'online'!
// SPLITS0: --convert-attn-to-linalg=kv-splits:0:0: error: convert-attn-to-linalg: kv-splits must be >= 1, got 0
// SPLITSMAT: --convert-attn-to-linalg=kv-splits:0:0: error: convert-attn-to-linalg: kv-splits=4 splits the flash strategy's key loop; strategy=materialized has none
// COSTSPLITS: --attn-cost=kv-splits:0:0: error: attn-cost: kv-splits must be >= 1, got -2
// VW0: --attn-vectorize-linalg=vector-width:0:0: error: attn-vectorize-linalg: vector-width must be 0 (from target-cpu) or in [1, 64], got -1
// VW65: error: attn-vectorize-linalg: vector-width must be 0 (from target-cpu) or in [1, 64], got 65
// ROWS: --attn-vectorize-linalg=rows:0:0: error: attn-vectorize-linalg: rows must be 0 (from target-cpu) or in [1, 64], got -2
// EWROWS: error: attn-vectorize-linalg: elementwise-rows must be 0 (from target-cpu) or in [1, 64], got 65
// CPUNAME: error: 'attn-cpu-pipeline': unknown target CPU 'nonsense'
// RED: --attn-vectorize-linalg=reduction-tile:0:0: error: attn-vectorize-linalg: reduction-tile must be in [1, 64], got 1000
// VW65K: error: attn-vectorize-linalg: vector-width must be 0 (from target-cpu) or in [1, 64], got 100000
// PIPEBLOCK: error: convert-attn-to-linalg: key-block must be > 0, got -1
// NOTINT: for the --batch-tile option: 'x' value invalid for long argument
// NOTBOOL: for the --vectorize option: 'maybe' is invalid value for boolean argument
// CPU: --attn-vectorize-linalg=target-cpu:0:0: error: attn-vectorize-linalg: unknown target CPU 'skylake-avx51'; did you mean 'skylake-avx512'? (expected 'host' or an x86-64 CPU name llc -mcpu accepts
// CPUPIPE: error: 'attn-cpu-pipeline': unknown target CPU 'pentium-9'
// CPU32: error: 'attn-cpu-pipeline': unknown target CPU 'i386'
// CPUNOVEC: error: 'attn-cpu-pipeline': unknown target CPU 'znver33'; did you mean 'znver3'?

// UNTILED-LABEL: func.func @small
// UNTILED-NOT: scf.for
// UNTILED: attn.vanilla ins({{.*}} : tensor<2x7x8xf32>, tensor<2x9x8xf32>, tensor<2x9x4xf32>)
// BIGBLOCK-LABEL: func.func @small
// BIGBLOCK-NOT: attn.vanilla
// BIGBLOCK: linalg.generic
func.func @small(%q: tensor<2x7x8xf32>, %k: tensor<2x9x8xf32>, %v: tensor<2x9x4xf32>,
                 %o: tensor<2x7x4xf32>) -> tensor<2x7x4xf32> {
  %r = attn.vanilla ins(%q, %k, %v : tensor<2x7x8xf32>, tensor<2x9x8xf32>, tensor<2x9x4xf32>)
                    outs(%o : tensor<2x7x4xf32>) {alignment = #attn.alignment<top_left>, causal} -> tensor<2x7x4xf32>
  return %r : tensor<2x7x4xf32>
}

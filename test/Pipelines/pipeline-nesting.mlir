// The named pipelines are built from pass constructors and run on
// builtin.module; any other nesting is an error from the pipeline parser,
// never an abort (issue 17: these exited 134 with "LLVM ERROR: ... bad
// built-in pipeline text" or "Can't add pass ...").
// RUN: not attn-opt %s --pass-pipeline='builtin.module(func.func(attn-cpu-pipeline))' 2>&1 | FileCheck %s --check-prefix=CPU-FUNC
// RUN: not attn-opt %s --pass-pipeline='builtin.module(func.func(attn-cpu-pipeline{count-work}))' 2>&1 | FileCheck %s --check-prefix=CPU-FUNC
// RUN: not attn-opt %s --pass-pipeline='builtin.module(func.func(attn-cpu-pipeline{parallel=true}))' 2>&1 | FileCheck %s --check-prefix=CPU-FUNC
// RUN: not attn-opt %s --pass-pipeline='func.func(attn-cpu-pipeline)' 2>&1 | FileCheck %s --check-prefix=CPU-FUNC
// RUN: not attn-opt %s --pass-pipeline='builtin.module(func.func(attn-systolic-pipeline))' 2>&1 | FileCheck %s --check-prefix=SYS-FUNC
// RUN: not attn-opt %s --pass-pipeline='builtin.module(func.func(attn-systolic-pipeline{strategy=materialized}))' 2>&1 | FileCheck %s --check-prefix=SYS-FUNC
// RUN: not attn-opt %s --pass-pipeline='builtin.module(attn-cpu-pipeline{strategy=softmax})' 2>&1 | FileCheck %s --check-prefix=BAD-OPT
// RUN: not attn-opt %s --pass-pipeline='builtin.module(attn-cpu-pipeline{row-tile=x})' 2>&1 | FileCheck %s --check-prefix=BAD-INT
// RUN: not attn-opt %s --pass-pipeline='builtin.module(attn-cpu-pipeline,no-such-pass)' 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// Nestings that make sense work: the module, a nested module, and an
// op-agnostic any(...) at the top (which, as for every module pass, does
// nothing when it is nested under builtin.module and so anchored on funcs).
// RUN: attn-opt %s --pass-pipeline='builtin.module(attn-cpu-pipeline)' | FileCheck %s --check-prefix=LOWERED
// RUN: attn-opt %s --pass-pipeline='any(attn-cpu-pipeline{parallel=true})' | FileCheck %s --check-prefix=LOWERED
// RUN: attn-opt %s --pass-pipeline='builtin.module(attn-cpu-pipeline{strategy=materialized count-work})' -o /dev/null 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: attn-opt %S/Inputs/nested-module.mlir --pass-pipeline='builtin.module(builtin.module(attn-cpu-pipeline))' | FileCheck %s --check-prefix=NESTED
// RUN: attn-opt %S/../Conversion/AttnToSystolic/vanilla.mlir --pass-pipeline='builtin.module(attn-systolic-pipeline)' | FileCheck %s --check-prefix=SYSTOLIC

// CPU-FUNC: error: 'attn-cpu-pipeline' runs on 'builtin.module' (it transforms whole modules), not nested under 'func.func'; put it at module level, e.g. --pass-pipeline='builtin.module(attn-cpu-pipeline)'
// CPU-FUNC-NOT: LLVM ERROR
// CPU-FUNC-NOT: Stack dump
// SYS-FUNC: error: 'attn-systolic-pipeline' runs on 'builtin.module' (it transforms whole modules), not nested under 'func.func'
// SYS-FUNC-NOT: LLVM ERROR
// BAD-OPT: Cannot find option named 'softmax'!
// BAD-OPT: error: 'attn-cpu-pipeline': bad options 'strategy=softmax'
// BAD-INT: error: 'attn-cpu-pipeline': bad options 'row-tile=x'
// UNKNOWN: 'no-such-pass' does not refer to a registered pass or pass pipeline
// LOWERED: llvm.func @f(
// LOWERED-NOT: attn.vanilla
// COUNT: remark: attn-count-work @f: macs=
// NESTED: module @inner
// NESTED-NOT: attn.vanilla
// NESTED: llvm.func @g(
// SYSTOLIC: systolic.kernel

func.func @f(%q: tensor<8x16xf32>, %k: tensor<24x16xf32>, %v: tensor<24x8xf32>, %o: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %r = attn.vanilla ins(%q, %k, %v : tensor<8x16xf32>, tensor<24x16xf32>, tensor<24x8xf32>)
                    outs(%o : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %r : tensor<8x8xf32>
}


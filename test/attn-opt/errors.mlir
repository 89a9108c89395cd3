// attn-opt exits with status 1 and a located diagnostic on bad input: no crash.
// RUN: not attn-opt %s 2>&1 | FileCheck %s
// RUN: not attn-opt --no-such-flag %s 2>&1 | FileCheck %s --check-prefix=FLAG
// RUN: not attn-opt %S/does-not-exist.mlir 2>&1 | FileCheck %s --check-prefix=FILE
// RUN: not attn-opt --pass-pipeline="builtin.module(no-such-pass)" %S/../Dialect/Attn/ops.mlir 2>&1 | FileCheck %s --check-prefix=PASS

// CHECK: errors.mlir:[[@LINE+2]]:{{[0-9]+}}: error: custom op 'attn.vanila' is unknown
func.func @typo(%q: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %r = attn.vanila ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%q : tensor<4x8xf32>) -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}
// FLAG: Unknown command line argument '--no-such-flag'
// FILE: cannot open input file
// PASS: 'no-such-pass' does not refer to a registered pass or pass pipeline

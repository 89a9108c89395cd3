// attn ops on memrefs verify (destination-passing style) but nothing lowers
// or costs them: every user of the verifier refuses them at the op with a
// message that says what to do (issue 17: attn-cost said "lowering requires
// tensor operands", which did not say what to do).
// RUN: not attn-opt %s --attn-cost -o /dev/null 2>&1 | FileCheck %s
// RUN: not attn-opt %s --attn-cost=target=gemmini -o /dev/null 2>&1 | FileCheck %s
// RUN: not attn-opt %s --attn-tile -o /dev/null 2>&1 | FileCheck %s
// RUN: not attn-opt %s --convert-attn-to-linalg -o /dev/null 2>&1 | FileCheck %s
// RUN: not attn-opt %s --attn-cpu-pipeline -o /dev/null 2>&1 | FileCheck %s
// RUN: not attn-opt %s --attn-decompose-linalg-aggregates -o /dev/null 2>&1 | FileCheck %s

// CHECK: memref-operands.mlir:[[@LINE+2]]:3: error: 'attn.vanilla' op operand 'q' is a memref ('memref<8x16xf32>'); the attn passes and attn-cost work on tensors: run them before bufferization
func.func @v(%q: memref<8x16xf32>, %k: memref<24x16xf32>, %v: memref<24x8xf32>, %o: memref<8x8xf32>) {
  attn.vanilla ins(%q, %k, %v : memref<8x16xf32>, memref<24x16xf32>, memref<24x8xf32>) outs(%o : memref<8x8xf32>)
  return
}

// Programs loop: over batch dims, query blocks and key blocks, with index
// terms on the addresses that move (double buffers alternate with `% 2`).
// Their size follows the schedule's structure, not the shape.
// RUN: attn-opt %s --split-input-file --attn-systolic-pipeline | FileCheck %s
// RUN: attn-opt %s --split-input-file --attn-systolic-pipeline | attn-translate --split-input-file --systolic-to-asm | FileCheck %s --check-prefix=ASM

// 2^20 (batch, head) slices: two nested loops, not 2^20 copies (found by
// attn-ir-fuzzer when programs were straight-line: minutes and gigabytes).
// CHECK-LABEL: systolic.kernel @many_slices
// CHECK:      systolic.loop count 1024 {
// CHECK-NEXT:   systolic.loop count 1024 {
// CHECK-NEXT:     systolic.mvin @arg0[0, 5] -> <sp, 0, 5, 1> rows 5 cols 5 {terms = array<i64: 0, 1, 25, 0, 0, 0, 0, 25600, 0, 0>}
// CHECK-NOT:  systolic.loop
// ASM-LABEL: .kernel many_slices
// ASM:      loop count=1024
// ASM-NEXT:   loop count=1024
// ASM-NEXT:     mvin d=sp:0:5:1 dram=arg0:0+25*i1+25600*i0:5 rows=5 cols=5
func.func @many_slices(%q: tensor<1024x1024x5x5xf32>) -> tensor<1024x1024x5x5xf32> {
  %e = tensor.empty() : tensor<1024x1024x5x5xf32>
  %r = attn.vanilla ins(%q, %q, %q : tensor<1024x1024x5x5xf32>, tensor<1024x1024x5x5xf32>, tensor<1024x1024x5x5xf32>) outs(%e : tensor<1024x1024x5x5xf32>) -> tensor<1024x1024x5x5xf32>
  return %r : tensor<1024x1024x5x5xf32>
}

// -----

// One slice with 65536 queries and keys (585 x 1024 flash tiles of 112 x 64
// on gemmini): a query-block loop around a key-block loop whose K buffer
// alternates with the key-block parity: (j + 1) % 2 for block j + 1.
// CHECK-LABEL: systolic.kernel @many_tiles
// CHECK:      systolic.loop count 585 {
// CHECK-NEXT:   systolic.mvin @arg0[0, 8] -> <sp, 0, 8, 1> rows 112 cols 8 {terms = array<i64: 0, 0, 896, 0, 0>}
// CHECK:        systolic.loop count 1023 {
// CHECK-NEXT:     systolic.mvin @arg0[512, 8] -> <sp, 896, 8, 1> rows 64 cols 8 {terms = array<i64: 1, 1, 512, 2, 1, 0, 1, 512, 0, 0>}
// ASM-LABEL: .kernel many_tiles
// ASM:      loop count=585
// ASM:        loop count=1023
// ASM-NEXT:     mvin d=sp:896+512*(i1+1)%2:8:1 dram=arg0:512+512*i1:8 rows=64 cols=8
func.func @many_tiles(%q: tensor<65536x8xf32>) -> tensor<65536x8xf32> {
  %e = tensor.empty() : tensor<65536x8xf32>
  %r = attn.vanilla ins(%q, %q, %q : tensor<65536x8xf32>, tensor<65536x8xf32>, tensor<65536x8xf32>) outs(%e : tensor<65536x8xf32>) -> tensor<65536x8xf32>
  return %r : tensor<65536x8xf32>
}

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

// One slice with 65536 queries and keys (293 query blocks of at most 224
// rows times 1024 key blocks of 64 on gemmini): block 0 of each loop is
// peeled, the others loop. The key loop's body (block j = i + 1) issues
// block j + 1's scores chunk by chunk after block j's exps (the score ring,
// docs/systolic.md), its K buffer alternating with the parity of j + 1,
// (i + 2) % 2 = i % 2; the query loop finishes block i while block i + 1
// starts.
// CHECK-LABEL: systolic.kernel @many_tiles
// CHECK:      systolic.mvin @arg0[0, 8] -> <sp, 0, 8, 1> rows 224 cols 8
// CHECK:      systolic.loop count 1022 {
// CHECK-NEXT:   systolic.vector rowmax
// CHECK:        systolic.mvin @arg0[1024, 8] -> <sp, 1792, 8, 1> rows 64 cols 8 {terms = array<i64: 1, 0, 512, 2, 0, 0, 0, 512, 0, 0>}
// CHECK:      systolic.loop count 291 {
// CHECK-NEXT:   systolic.mvin @arg0[1792, 8] -> <sp, 0, 8, 1> rows 224 cols 8 {terms = array<i64: 0, 0, 1792, 0, 0>}
// CHECK:        systolic.loop count 1022 {
// ASM-LABEL: .kernel many_tiles
// ASM:      loop count=1022
// ASM:        vexp d=sp:3840+14336*(i0+1)%2:64:1 a=acc:1792:64:1 rows=224 cols=16
// ASM-NEXT:   mvin d=sp:1792+512*i0%2:8:1 dram=arg0:1024+512*i0:8 rows=64 cols=8
// ASM:      loop count=291
// ASM-NEXT:   mvin d=sp:0:8:1 dram=arg0:1792+1792*i0:8 rows=224 cols=8
// ASM:        loop count=1022
func.func @many_tiles(%q: tensor<65536x8xf32>) -> tensor<65536x8xf32> {
  %e = tensor.empty() : tensor<65536x8xf32>
  %r = attn.vanilla ins(%q, %q, %q : tensor<65536x8xf32>, tensor<65536x8xf32>, tensor<65536x8xf32>) outs(%e : tensor<65536x8xf32>) -> tensor<65536x8xf32>
  return %r : tensor<65536x8xf32>
}

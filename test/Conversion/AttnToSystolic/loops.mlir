// Programs loop: over batch dims, query blocks and key blocks, with index
// terms on the addresses that move (double buffers alternate with `% 2`).
// Their size follows the schedule's structure, not the shape.
// RUN: attn-opt %s --split-input-file --attn-systolic-pipeline | FileCheck %s
// RUN: attn-opt %s --split-input-file --attn-systolic-pipeline | attn-translate --systolic-to-asm | FileCheck %s --check-prefix=ASM

// 2^20 (batch, head) slices: two nested loops, not 2^20 copies (found by
// attn-ir-fuzzer when programs were straight-line: minutes and gigabytes).
// CHECK-LABEL: systolic.kernel @many_slices
// CHECK:      systolic.loop count 1024 {
// CHECK-NEXT:   systolic.loop count 1024 {
// CHECK-NEXT:     systolic.mvin @arg0[0, 5] -> <sp, 0, 5, 1> rows 5 cols 5 {terms = array<i64: 0, 0, 25600, 0, 0, 0, 1, 25, 0, 0>}
// CHECK-NOT:  systolic.loop
// ASM-LABEL: .kernel many_slices
// ASM:      loop count=1024
// ASM-NEXT:   loop count=1024
// ASM-NEXT:     mvin d=sp:0:5:1 dram=arg0:0+25600*i0+25*i1:5 rows=5 cols=5
func.func @many_slices(%q: tensor<1024x1024x5x5xf32>) -> tensor<1024x1024x5x5xf32> {
  %e = tensor.empty() : tensor<1024x1024x5x5xf32>
  %r = attn.vanilla ins(%q, %q, %q : tensor<1024x1024x5x5xf32>, tensor<1024x1024x5x5xf32>, tensor<1024x1024x5x5xf32>) outs(%e : tensor<1024x1024x5x5xf32>) -> tensor<1024x1024x5x5xf32>
  return %r : tensor<1024x1024x5x5xf32>
}

// -----

// One slice with 65536 queries and keys (4096 x 4096 flash tiles on
// gemmini): a query-block loop around a key-block loop whose K and V
// buffers alternate with the key-block parity.
// CHECK-LABEL: systolic.kernel @many_tiles
// CHECK:      systolic.loop count 256 {
// CHECK:        systolic.loop count 1023 {
// CHECK-NEXT:     systolic.mvin @arg0[{{[0-9]+}}, 8] -> <sp, {{[0-9]+}}, 8, 1> rows 64 cols 8 {terms = array<i64: 1, 1, {{-?[0-9]+}}, 2, 1, 0, 0, 2048, 0, 0, 0, 1, 512, 0, 0>}
// ASM-LABEL: .kernel many_tiles
// ASM:      loop count=256
// ASM:        loop count=1023
// ASM-NEXT:     mvin d=sp:{{[0-9]+[-+][0-9]+}}*(i1+1)%2:8:1 dram=arg0:{{[0-9]+}}+2048*i0+512*i1:8 rows=64 cols=8
func.func @many_tiles(%q: tensor<65536x8xf32>) -> tensor<65536x8xf32> {
  %e = tensor.empty() : tensor<65536x8xf32>
  %r = attn.vanilla ins(%q, %q, %q : tensor<65536x8xf32>, tensor<65536x8xf32>, tensor<65536x8xf32>) outs(%e : tensor<65536x8xf32>) -> tensor<65536x8xf32>
  return %r : tensor<65536x8xf32>
}

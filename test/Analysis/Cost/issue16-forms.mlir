// Cost of the issue-16 forms of attn.vanilla: bytes are priced by element
// type (f16/bf16 halve them, an i1 mask is one byte per element), grouped-
// query K/V count their own (fewer) heads once -- no copy -- and the work
// counted in the lowered loops (GQA index maps, i1 mask, window, f16
// widening) agrees exactly with the closed forms.
// RUN: attn-opt %s --attn-cost="key-block=32" -o /dev/null 2>&1 | FileCheck %s --check-prefix=COST
// RUN: attn-opt %s --attn-cost="key-block=32 row-tile=48" -o /dev/null 2> %t.cost
// RUN: attn-opt %s --attn-tile="row-tile=48" --convert-attn-to-linalg="key-block=32" --attn-decompose-linalg-aggregates --attn-count-work -o /dev/null 2> %t.count
// RUN: cat %t.cost %t.count | FileCheck %s --check-prefix=AGREE
// RUN: attn-opt %s --attn-cost="strategy=materialized" -o /dev/null 2> %t.mcost
// RUN: attn-opt %s --attn-tile --convert-attn-to-linalg="strategy=materialized" --attn-decompose-linalg-aggregates --attn-count-work -o /dev/null 2> %t.mcount
// RUN: cat %t.mcost %t.mcount | FileCheck %s --check-prefix=AGREE

// f32, B·H = 2, N = 100, M = 70, d = 16, dv = 24: q 12800 + k 8960 +
// v 13440 + out 19200 = 54400 bytes; f16: half of it.
// COST: issue16-forms.mlir:{{[0-9]+}}:8: remark: attn-cost: macs=560000 {{.*}} dram_bytes=54400
// COST: issue16-forms.mlir:{{[0-9]+}}:9: remark: attn-cost: macs=560000 {{.*}} dram_bytes=27200
// GQA, 4 query heads over 2 key/value heads: q 25600 + k 8960 + v 13440 +
// out 38400 = 86400 bytes (K and V once, not per query head). Causal flash
// (row-tile 64, key-block 32: blocks at 0, 32 and a partial one at 64)
// skips the partial block for the query tile [0, 64): rows·keys =
// 64·64 + 36·70 = 6616, macs = 4·6616·(16 + 24) = 1058560.
// COST: issue16-forms.mlir:{{[0-9]+}}:9: remark: attn-cost: macs=1058560 {{.*}} dram_bytes=86400
// i1 mask [100, 70] = 7000 bytes on top of 54400.
// COST: issue16-forms.mlir:{{[0-9]+}}:9: remark: attn-cost: macs=560000 {{.*}} dram_bytes=61400
// Causal with a window of 9: tile [0, 64) visits blocks 0 and 32 (64 keys);
// tile [64, 100) sees keys from 55 on, so it starts at block 32 and visits
// the partial block too (32 + 6 keys): rows·keys = 64·64 + 36·38 = 5464,
// macs = 2·5464·40 = 437120.
// COST: issue16-forms.mlir:{{[0-9]+}}:9: remark: attn-cost: macs=437120 {{.*}} dram_bytes=54400
// AGREE: remark: attn-cost total @f: ops=5 macs=[[MACS:[0-9]+]] flops=[[FLOPS:[0-9]+]] exps=[[EXPS:[0-9]+]]
// AGREE: remark: attn-count-work @f: macs=[[MACS]] exps=[[EXPS]] flops=[[FLOPS]]
func.func @f(%q: tensor<1x2x100x16xf32>, %k: tensor<1x2x70x16xf32>, %v: tensor<1x2x70x24xf32>, %o: tensor<1x2x100x24xf32>,
             %qh: tensor<1x2x100x16xf16>, %kh: tensor<1x2x70x16xf16>, %vh: tensor<1x2x70x24xf16>, %oh: tensor<1x2x100x24xf16>,
             %q4: tensor<1x4x100x16xf32>, %o4: tensor<1x4x100x24xf32>, %m: tensor<100x70xi1>)
             -> (tensor<1x2x100x24xf32>, tensor<1x2x100x24xf16>, tensor<1x4x100x24xf32>, tensor<1x2x100x24xf32>, tensor<1x2x100x24xf32>) {
  %r = attn.vanilla ins(%q, %k, %v : tensor<1x2x100x16xf32>, tensor<1x2x70x16xf32>, tensor<1x2x70x24xf32>) outs(%o : tensor<1x2x100x24xf32>) -> tensor<1x2x100x24xf32>
  %rh = attn.vanilla ins(%qh, %kh, %vh : tensor<1x2x100x16xf16>, tensor<1x2x70x16xf16>, tensor<1x2x70x24xf16>) outs(%oh : tensor<1x2x100x24xf16>) -> tensor<1x2x100x24xf16>
  %r4 = attn.vanilla ins(%q4, %k, %v : tensor<1x4x100x16xf32>, tensor<1x2x70x16xf32>, tensor<1x2x70x24xf32>) outs(%o4 : tensor<1x4x100x24xf32>) {alignment = #attn.alignment<top_left>, causal} -> tensor<1x4x100x24xf32>
  %rm = attn.vanilla ins(%q, %k, %v, %m : tensor<1x2x100x16xf32>, tensor<1x2x70x16xf32>, tensor<1x2x70x24xf32>, tensor<100x70xi1>) outs(%o : tensor<1x2x100x24xf32>) -> tensor<1x2x100x24xf32>
  %rw = attn.vanilla ins(%q, %k, %v : tensor<1x2x100x16xf32>, tensor<1x2x70x16xf32>, tensor<1x2x70x24xf32>) outs(%o : tensor<1x2x100x24xf32>) {causal, window = 9, alignment = #attn.alignment<top_left>} -> tensor<1x2x100x24xf32>
  return %r, %rh, %r4, %rm, %rw : tensor<1x2x100x24xf32>, tensor<1x2x100x24xf16>, tensor<1x4x100x24xf32>, tensor<1x2x100x24xf32>, tensor<1x2x100x24xf32>
}

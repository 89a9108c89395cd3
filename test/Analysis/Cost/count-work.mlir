// attn-count-work counts what the tiled, decomposed loops execute; it must
// agree exactly with attn-cost's closed forms on MACs and exps (flash with a
// partial last key block and a peeled query tile, and materialized).
// RUN: attn-opt %s --attn-cost="key-block=32 row-tile=48" -o /dev/null 2> %t.cost
// RUN: attn-opt %s --attn-tile="row-tile=48" --convert-attn-to-linalg="key-block=32" --attn-decompose-linalg-aggregates --attn-count-work -o /dev/null 2> %t.count
// RUN: cat %t.cost %t.count | FileCheck %s
// RUN: attn-opt %s --attn-cost="strategy=materialized" -o /dev/null 2> %t.mcost
// RUN: attn-opt %s --attn-tile --convert-attn-to-linalg="strategy=materialized" --attn-count-work -o /dev/null 2> %t.mcount
// RUN: cat %t.mcost %t.mcount | FileCheck %s --check-prefix=MAT
// RUN: attn-opt %s --attn-cpu-pipeline="count-work key-block=32 row-tile=48" -o /dev/null 2>&1 | FileCheck %s --check-prefix=PIPE
// RUN: attn-opt %s --attn-tile --convert-attn-to-linalg --attn-count-work="json=-" -o /dev/null 2>/dev/null | FileCheck %s --check-prefix=JSON

// B·H = 3, N = 100, M = 70, d = 16, dv = 8, causal. Materialized computes
// every score: macs = 3·100·70·24 = 504000, exps 3·100·70 = 21000. Flash
// skips, per query tile, the key blocks that start after its last query:
//  row-tile 48, key-block 32 (blocks at 0, 32 and a partial one at 64):
//   tile [0,48) visits 0, 32 (64 keys, 2 blocks); [48,96) and [96,100)
//   visit all 70 keys in 3 blocks: rows·keys = 48·64 + 48·70 + 4·70 = 6712,
//   rows·blocks = 48·2 + 48·3 + 4·3 = 252; macs = 3·6712·24 = 483264,
//   exps = 3·(6712 + 252) = 20892.
//  row-tile 64, key-block 64 (defaults; a block at 0, a partial one at 64):
//   [0,64) visits one block of 64, [64,100) both (70 keys): rows·keys =
//   64·64 + 36·70 = 6616, rows·blocks = 64 + 72 = 136; macs = 3·6616·24 =
//   476352, exps = 3·(6616 + 136) = 20256.
// B·H = 3, N = 100, d = 16, s = 8, dv = 8: macs = 3·(2·100·16·8 + 2·100·8·8) = 115200.
// CHECK: remark: attn-cost total @f: ops=2 macs=[[MACS:598464]] flops=[[FLOPS:[0-9]+]] exps=[[EXPS:20892]]
// CHECK: remark: attn-count-work @f: macs=[[MACS]] exps=[[EXPS]] flops=[[FLOPS]]
// MAT: remark: attn-cost total @f: ops=2 macs=[[MACS:619200]] flops=[[FLOPS:[0-9]+]] exps=[[EXPS:21000]]
// MAT: remark: attn-count-work @f: macs=[[MACS]] exps=[[EXPS]] flops=[[FLOPS]]
// PIPE: remark: attn-count-work @f: macs=598464 exps=20892
// JSON: "functions": [
// JSON: "exps": 20256
// JSON: "macs": 591552
// JSON: "name": "f"
func.func @f(%q: tensor<3x100x16xf32>, %k: tensor<3x70x16xf32>, %v: tensor<3x70x8xf32>, %o: tensor<3x100x8xf32>,
             %w: tensor<3x16x8xf32>, %wc: tensor<16x8xf32>) -> (tensor<3x100x8xf32>, tensor<3x100x8xf32>) {
  %r = attn.vanilla ins(%q, %k, %v : tensor<3x100x16xf32>, tensor<3x70x16xf32>, tensor<3x70x8xf32>)
                    outs(%o : tensor<3x100x8xf32>) {alignment = #attn.alignment<top_left>, causal} -> tensor<3x100x8xf32>
  %p = attn.primal ins(%q, %q, %w, %w, %wc : tensor<3x100x16xf32>, tensor<3x100x16xf32>, tensor<3x16x8xf32>, tensor<3x16x8xf32>, tensor<16x8xf32>)
                   outs(%o : tensor<3x100x8xf32>) -> tensor<3x100x8xf32>
  return %r, %p : tensor<3x100x8xf32>, tensor<3x100x8xf32>
}

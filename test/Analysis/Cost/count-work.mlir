// attn-count-work counts what the tiled, decomposed loops execute; it must
// agree exactly with attn-cost's closed forms on MACs and exps (flash with a
// partial last key block and a peeled query tile, and materialized).
// RUN: attn-opt %s --attn-cost="key-block=32" -o /dev/null 2> %t.cost
// RUN: attn-opt %s --attn-tile="row-tile=48" --convert-attn-to-linalg="key-block=32" --attn-decompose-linalg-aggregates --attn-count-work -o /dev/null 2> %t.count
// RUN: cat %t.cost %t.count | FileCheck %s
// RUN: attn-opt %s --attn-cost="strategy=materialized" -o /dev/null 2> %t.mcost
// RUN: attn-opt %s --attn-tile --convert-attn-to-linalg="strategy=materialized" --attn-count-work -o /dev/null 2> %t.mcount
// RUN: cat %t.mcost %t.mcount | FileCheck %s --check-prefix=MAT
// RUN: attn-opt %s --attn-cpu-pipeline="count-work key-block=32 row-tile=48" -o /dev/null 2>&1 | FileCheck %s --check-prefix=PIPE
// RUN: attn-opt %s --attn-tile --convert-attn-to-linalg --attn-count-work="json=-" -o /dev/null 2>/dev/null | FileCheck %s --check-prefix=JSON

// B·H = 3, N = 100, M = 70, d = 16, dv = 8, causal: macs = 3·100·70·24 = 504000,
// exps = 3·(100·70 + 100·ceil(70/32)) = 21900 (flash, key-block 32),
// 3·(100·70 + 100·ceil(70/64)) = 21600 (key-block 64), 21000 (materialized).
// B·H = 3, N = 100, d = 16, s = 8, dv = 8: macs = 3·(2·100·16·8 + 2·100·8·8) = 115200.
// CHECK: remark: attn-cost total @f: ops=2 macs=[[MACS:619200]] flops=[[FLOPS:[0-9]+]] exps=[[EXPS:21900]]
// CHECK: remark: attn-count-work @f: macs=[[MACS]] exps=[[EXPS]] flops=[[FLOPS]]
// MAT: remark: attn-cost total @f: ops=2 macs=[[MACS:619200]] flops=[[FLOPS:[0-9]+]] exps=[[EXPS:21000]]
// MAT: remark: attn-count-work @f: macs=[[MACS]] exps=[[EXPS]] flops=[[FLOPS]]
// PIPE: remark: attn-count-work @f: macs=619200 exps=21900
// JSON: "functions": [
// JSON: "exps": 21600
// JSON: "macs": 619200
// JSON: "name": "f"
func.func @f(%q: tensor<3x100x16xf32>, %k: tensor<3x70x16xf32>, %v: tensor<3x70x8xf32>, %o: tensor<3x100x8xf32>,
             %w: tensor<3x16x8xf32>, %wc: tensor<16x8xf32>) -> (tensor<3x100x8xf32>, tensor<3x100x8xf32>) {
  %r = attn.vanilla ins(%q, %k, %v : tensor<3x100x16xf32>, tensor<3x70x16xf32>, tensor<3x70x8xf32>)
                    outs(%o : tensor<3x100x8xf32>) {causal} -> tensor<3x100x8xf32>
  %p = attn.primal ins(%q, %q, %w, %w, %wc : tensor<3x100x16xf32>, tensor<3x100x16xf32>, tensor<3x16x8xf32>, tensor<3x16x8xf32>, tensor<16x8xf32>)
                   outs(%o : tensor<3x100x8xf32>) -> tensor<3x100x8xf32>
  return %r, %p : tensor<3x100x8xf32>, tensor<3x100x8xf32>
}

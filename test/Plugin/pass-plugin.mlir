// Debian's mlir-opt runs our passes and pipelines from the plugin. They are
// registered when the plugin loads, after mlir-opt has parsed its command
// line, so they are reachable only inside --pass-pipeline, never as
// --attn-cost style flags (docs/embedding.md). Load the plugin as a dialect
// plugin too, so the attn ops parse.
// RUN: %mlir-opt %s --load-dialect-plugin=%attn_lib_dir/AttnPlugin%shlibext --load-pass-plugin=%attn_lib_dir/AttnPlugin%shlibext --pass-pipeline='builtin.module(attn-cost{target=gemmini})' -o /dev/null 2>&1 | FileCheck %s --check-prefix=COST
// RUN: %mlir-opt %s --load-dialect-plugin=%attn_lib_dir/AttnPlugin%shlibext --load-pass-plugin=%attn_lib_dir/AttnPlugin%shlibext --pass-pipeline='builtin.module(attn-cpu-pipeline{strategy=materialized})' | FileCheck %s --check-prefix=CPU
// RUN: not %mlir-opt %s --load-dialect-plugin=%attn_lib_dir/AttnPlugin%shlibext --load-pass-plugin=%attn_lib_dir/AttnPlugin%shlibext --pass-pipeline='builtin.module(func.func(attn-cpu-pipeline))' 2>&1 | FileCheck %s --check-prefix=NESTED
// RUN: not %mlir-opt %s --load-dialect-plugin=%attn_lib_dir/AttnPlugin%shlibext --load-pass-plugin=%attn_lib_dir/AttnPlugin%shlibext --attn-cost 2>&1 | FileCheck %s --check-prefix=FLAG

// COST: remark: attn-cost: macs=4608
// CPU: llvm.func @f(
// CPU-NOT: attn.vanilla
// NESTED: error: 'attn-cpu-pipeline' runs on 'builtin.module'
// FLAG: Unknown command line argument '--attn-cost'
func.func @f(%q: tensor<8x16xf32>, %k: tensor<24x16xf32>, %v: tensor<24x8xf32>, %o: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %r = attn.vanilla ins(%q, %k, %v : tensor<8x16xf32>, tensor<24x16xf32>, tensor<24x8xf32>)
                    outs(%o : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %r : tensor<8x8xf32>
}

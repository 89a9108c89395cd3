// Debian's own mlir-opt (linked against libMLIR.so like our plugin) loads the
// attn dialect from the plugin, parses, verifies and prints attn IR.
// RUN: %mlir-opt %s --load-dialect-plugin=%attn_lib_dir/AttnPlugin%shlibext | FileCheck %s
// RUN: not %mlir-opt %S/Inputs/invalid-shape.mlir --load-dialect-plugin=%attn_lib_dir/AttnPlugin%shlibext 2>&1 | FileCheck %s --check-prefix=INVALID

// CHECK-LABEL: func.func @plugin
// CHECK: attn.vanilla ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<2x16x8xf32>, tensor<2x24x8xf32>, tensor<2x24x4xf32>) outs(%{{.*}} : tensor<2x16x4xf32>) {alignment = #attn.alignment<top_left>, causal} -> tensor<2x16x4xf32>
// CHECK: attn.primal ins
// INVALID: error: 'attn.vanilla' op operand 'k' head dim d (dim 1) must equal that of 'q' (8), got 6
func.func @plugin(%q: tensor<2x16x8xf32>, %k: tensor<2x24x8xf32>, %v: tensor<2x24x4xf32>,
                  %init: tensor<2x16x4xf32>, %w: tensor<8x3xf32>, %wc: tensor<6x4xf32>)
    -> (tensor<2x16x4xf32>, tensor<2x16x4xf32>) {
  %o = attn.vanilla ins(%q, %k, %v : tensor<2x16x8xf32>, tensor<2x24x8xf32>, tensor<2x24x4xf32>)
                    outs(%init : tensor<2x16x4xf32>) {alignment = #attn.alignment<top_left>, causal} -> tensor<2x16x4xf32>
  %p = attn.primal ins(%q, %q, %w, %w, %wc : tensor<2x16x8xf32>, tensor<2x16x8xf32>, tensor<8x3xf32>,
                       tensor<8x3xf32>, tensor<6x4xf32>)
                   outs(%init : tensor<2x16x4xf32>) -> tensor<2x16x4xf32>
  return %o, %p : tensor<2x16x4xf32>, tensor<2x16x4xf32>
}

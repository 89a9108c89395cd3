// fuzz: attn-cost target=gemmini strategy=materialized
func.func @plugin(%q: tensor<2x16x8xf32>, %k: tensor<2x24x8xf32>, %v: tensor<2x24x4xf32>,
                  %init: tensor<2x16x4xf32>, %w: tensor<8x3xf32>, %wc: tensor<6x4xf32>)
    -> (tensor<2x16x4xf32>, tensor<2x16x4xf32>) {
  %o = attn.vanilla ins(%q, %k, %v : tensor<2x16x8xf32>, tensor<2x24x8xf32>, tensor<2x24x4xf32>)
                    outs(%init : tensor<2x16x4xf32>) {causal} -> tensor<2x16x4xf32>
  %p = attn.primal ins(%q, %q, %w, %w, %wc : tensor<2x16x8xf32>, tensor<2x16x8xf32>, tensor<8x3xf32>,
                       tensor<8x3xf32>, tensor<6x4xf32>)
                   outs(%init : tensor<2x16x4xf32>) -> tensor<2x16x4xf32>
  return %o, %p : tensor<2x16x4xf32>, tensor<2x16x4xf32>
}

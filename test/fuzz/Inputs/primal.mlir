func.func @primal(%q: tensor<2x9x8xf32>, %we: tensor<8x3xf32>, %wc: tensor<6x4xf32>,
                  %b: tensor<4xf32>) -> tensor<2x9x4xf32> {
  %o = tensor.empty() : tensor<2x9x4xf32>
  %r = attn.primal ins(%q, %q, %we, %we, %wc, %b : tensor<2x9x8xf32>, tensor<2x9x8xf32>, tensor<8x3xf32>, tensor<8x3xf32>, tensor<6x4xf32>, tensor<4xf32>)
                   outs(%o : tensor<2x9x4xf32>) {causal} -> tensor<2x9x4xf32>
  return %r : tensor<2x9x4xf32>
}

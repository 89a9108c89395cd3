func.func @vanilla(%q: tensor<2x9x8xf32>, %k: tensor<2x20x8xf32>, %v: tensor<2x20x4xf32>,
                   %m: tensor<9x20xf32>) -> tensor<2x9x4xf32> {
  %o = tensor.empty() : tensor<2x9x4xf32>
  %r = attn.vanilla ins(%q, %k, %v, %m : tensor<2x9x8xf32>, tensor<2x20x8xf32>, tensor<2x20x4xf32>, tensor<9x20xf32>)
                    outs(%o : tensor<2x9x4xf32>) {alignment = #attn.alignment<top_left>, causal} -> tensor<2x9x4xf32>
  return %r : tensor<2x9x4xf32>
}

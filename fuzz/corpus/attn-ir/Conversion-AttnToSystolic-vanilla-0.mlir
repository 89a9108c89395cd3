// fuzz: convert-attn-to-linalg strategy=materialized
func.func @flash(%q: tensor<20x32xf32>, %k: tensor<24x32xf32>, %v: tensor<24x8xf32>) -> tensor<20x8xf32> {
  %e = tensor.empty() : tensor<20x8xf32>
  %o = attn.vanilla ins(%q, %k, %v : tensor<20x32xf32>, tensor<24x32xf32>, tensor<24x8xf32>)
                    outs(%e : tensor<20x8xf32>) {causal} -> tensor<20x8xf32>
  return %o : tensor<20x8xf32>
}

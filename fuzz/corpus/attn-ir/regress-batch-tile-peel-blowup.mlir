// fuzz: attn-cpu-pipeline batch-tile=3 strategy=flash key-block=64 vector-width=1 vectorize=false
func.func @vanilla_too_few_inputs(%q: tensor<31x7x8x4x31x7x17x5x1xf32>, %k: tensor<31x7x8x4x31x7x17x5x1xf32>, %o: tensor<31x7x8x4x31x7x17x5x1xf32>) {
  %r = attn.vanilla ins(%q, %k, %k, %q : tensor<31x7x8x4x31x7x17x5x1xf32>, tensor<31x7x8x4x31x7x17x5x1xf32>, tensor<31x7x8x4x31x7x17x5x1xf32>, tensor<31x7x8x4x31x7x17x5x1xf32>) outs(%o : tensor<31x7x8x4x31x7x17x5x1xf32>) {feature_map = #attn.feature_map<identity>, scale = 1.000000e+38 : f32} -> tensor<31x7x8x4x31x7x17x5x1xf32>
  return
}

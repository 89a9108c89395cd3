// fuzz: attn-cpu-pipeline
func.func @vanilla_mask_rank(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %m: tensor<1x4x6xf32>, %o: tensor<4x8xf32>) {
  %r = attn.vanilla ins(%q, %k, %k, %m : tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x8xf32>, tensor<1x4x6xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// fuzz: attn-tile row-tile=3
func.func @vanilla_mask_broadcast(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %m: tensor<2x1x5xf32>, %o: tensor<2x4x8xf32>) {
  %r = attn.vanilla ins(%q, %k, %k, %m : tensor<2x4x8xf32>, tensor<2x6x8xf32>, tensor<2x6x8xf32>, tensor<2x1x5xf32>) outs(%o : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

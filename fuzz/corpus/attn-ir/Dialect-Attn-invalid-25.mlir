// fuzz: convert-attn-to-linalg strategy=flash key-block=5
func.func @vanilla_mask_element(%q: tensor<4x8xf32>, %m: tensor<4x4xi1>, %o: tensor<4x8xf32>) {
  %r = attn.vanilla ins(%q, %q, %q, %m : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x4xi1>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

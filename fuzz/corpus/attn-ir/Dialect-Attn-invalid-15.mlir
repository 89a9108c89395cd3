// fuzz: attn-tile row-tile=3
func.func @vanilla_v_batch(%q: tensor<2x4x8xf32>, %v: tensor<1x4x8xf32>, %o: tensor<2x4x8xf32>) {
  %r = attn.vanilla ins(%q, %q, %v : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<1x4x8xf32>) outs(%o : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

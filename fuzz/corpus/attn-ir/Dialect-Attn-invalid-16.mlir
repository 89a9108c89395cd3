// fuzz: convert-attn-to-linalg strategy=flash key-block=5
func.func @vanilla_v_rank(%q: tensor<2x4x8xf32>, %v: tensor<4x8xf32>, %o: tensor<2x4x8xf32>) {
  %r = attn.vanilla ins(%q, %q, %v : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// fuzz: convert-attn-to-linalg strategy=materialized
func.func @vanilla_scale_not_finite(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  %r = attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) {scale = 0x7F800000 : f32} -> tensor<4x8xf32>
  return
}

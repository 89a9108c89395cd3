// fuzz: attn-cpu-pipeline
func.func @not_shaped(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>, %s: f32) {
  %r = attn.vanilla ins(%q, %q, %s : tensor<4x8xf32>, tensor<4x8xf32>, f32) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

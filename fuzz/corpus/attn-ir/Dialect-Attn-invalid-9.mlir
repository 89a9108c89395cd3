// fuzz: convert-attn-to-linalg strategy=flash key-block=5
func.func @tensor_without_result(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>)
  return
}

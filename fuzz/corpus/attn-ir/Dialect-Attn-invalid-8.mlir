// fuzz: convert-attn-to-linalg strategy=materialized
func.func @mixed_tensor_memref(%q: tensor<4x8xf32>, %k: memref<4x8xf32>, %o: tensor<4x8xf32>) {
  %r = attn.vanilla ins(%q, %k, %q : tensor<4x8xf32>, memref<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// fuzz: convert-attn-to-linalg strategy=materialized
func.func @no_batch(%x: tensor<0x10x4xf32>, %t: tensor<2x3xf32>, %w: tensor<0x4x3xf32>) -> tensor<0x4x3xf32> {
  %r = attn.primal_weights ins(%x, %t : tensor<0x10x4xf32>, tensor<2x3xf32>) outs(%w : tensor<0x4x3xf32>) -> tensor<0x4x3xf32>
  return %r : tensor<0x4x3xf32>
}

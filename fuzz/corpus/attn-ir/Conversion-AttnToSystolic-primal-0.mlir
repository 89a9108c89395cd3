// fuzz: convert-attn-to-linalg strategy=flash key-block=5
func.func @primal(%x: tensor<10x4xf32>, %k: tensor<10x4xf32>, %th: tensor<4x3xf32>,
                  %wc: tensor<6x6xf32>, %bc: tensor<6xf32>) -> tensor<10x6xf32> {
  %ew = tensor.empty() : tensor<4x3xf32>
  %w = attn.primal_weights ins(%x, %th : tensor<10x4xf32>, tensor<4x3xf32>)
                           outs(%ew : tensor<4x3xf32>) -> tensor<4x3xf32>
  %e = tensor.empty() : tensor<10x6xf32>
  %o = attn.primal ins(%x, %k, %w, %w, %wc, %bc : tensor<10x4xf32>, tensor<10x4xf32>,
                       tensor<4x3xf32>, tensor<4x3xf32>, tensor<6x6xf32>, tensor<6xf32>)
                   outs(%e : tensor<10x6xf32>) -> tensor<10x6xf32>
  return %o : tensor<10x6xf32>
}

// fuzz-pipeline: builtin.module(attn-tile{row-tile=3},func.func(attn-systolic-pipeline),no-such-pass)
func.func @weights(%x: tensor<2x9x8xf32>, %t: tensor<4x3xf32>) -> tensor<2x8x3xf32> {
  %w = tensor.empty() : tensor<2x8x3xf32>
  %r = attn.primal_weights ins(%x, %t : tensor<2x9x8xf32>, tensor<4x3xf32>)
                           outs(%w : tensor<2x8x3xf32>) -> tensor<2x8x3xf32>
  return %r : tensor<2x8x3xf32>
}

func.func @vanilla(%q: tensor<5x8xf32>, %k: tensor<7x8xf32>, %v: tensor<7x8xf32>,
                   %o: tensor<5x8xf32>) -> tensor<5x8xf32> {
  %r = attn.vanilla ins(%q, %k, %v : tensor<5x8xf32>, tensor<7x8xf32>, tensor<7x8xf32>)
                    outs(%o : tensor<5x8xf32>) -> tensor<5x8xf32>
  return %r : tensor<5x8xf32>
}

// fuzz: attn-systolic-pipeline
func.func @three_batch_dims(%q: tensor<5x6x8x9x2xf32>, %k: tensor<5x6x8x7x2xf32>,
                            %v: tensor<5x6x8x7x3xf32>, %o: tensor<5x6x8x9x3xf32>)
    -> tensor<5x6x8x9x3xf32> {
  %r = attn.vanilla ins(%q, %k, %v : tensor<5x6x8x9x2xf32>, tensor<5x6x8x7x2xf32>, tensor<5x6x8x7x3xf32>)
                    outs(%o : tensor<5x6x8x9x3xf32>) -> tensor<5x6x8x9x3xf32>
  return %r : tensor<5x6x8x9x3xf32>
}

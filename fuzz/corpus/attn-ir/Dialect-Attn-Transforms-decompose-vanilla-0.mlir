// fuzz: attn-cpu-pipeline
func.func @vanilla(%q: tensor<2x96x8xf32>, %k: tensor<2x200x8xf32>, %v: tensor<2x200x16xf32>,
                   %o: tensor<2x96x16xf32>) -> tensor<2x96x16xf32> {
  %r = attn.vanilla ins(%q, %k, %v : tensor<2x96x8xf32>, tensor<2x200x8xf32>, tensor<2x200x16xf32>)
                    outs(%o : tensor<2x96x16xf32>) -> tensor<2x96x16xf32>
  return %r : tensor<2x96x16xf32>
}

func.func @causal_mask(%q: tensor<5x8xf32>, %k: tensor<70x8xf32>, %v: tensor<70x8xf32>,
                       %m: tensor<1x70xf32>, %o: tensor<5x8xf32>) -> tensor<5x8xf32> {
  %r = attn.vanilla ins(%q, %k, %v, %m : tensor<5x8xf32>, tensor<70x8xf32>, tensor<70x8xf32>, tensor<1x70xf32>)
                    outs(%o : tensor<5x8xf32>) {causal, scale = 0.5 : f32} -> tensor<5x8xf32>
  return %r : tensor<5x8xf32>
}

// fuzz: attn-cost target=gemmini strategy=materialized
func.func @vanilla_causal(%q: tensor<2x70x8xf32>, %k: tensor<2x40x8xf32>, %v: tensor<2x40x4xf32>,
                          %o: tensor<2x70x4xf32>) -> tensor<2x70x4xf32> {
  %r = attn.vanilla ins(%q, %k, %v : tensor<2x70x8xf32>, tensor<2x40x8xf32>, tensor<2x40x4xf32>)
                    outs(%o : tensor<2x70x4xf32>) {causal} -> tensor<2x70x4xf32>
  return %r : tensor<2x70x4xf32>
}

func.func @vanilla_mask(%q: tensor<2x4x32x8xf32>, %k: tensor<2x4x40x8xf32>, %m: tensor<2x1x1x40xf32>,
                        %o: tensor<2x4x32x8xf32>) -> tensor<2x4x32x8xf32> {
  %r = attn.vanilla ins(%q, %k, %k, %m : tensor<2x4x32x8xf32>, tensor<2x4x40x8xf32>, tensor<2x4x40x8xf32>, tensor<2x1x1x40xf32>)
                    outs(%o : tensor<2x4x32x8xf32>) -> tensor<2x4x32x8xf32>
  return %r : tensor<2x4x32x8xf32>
}

func.func @primal(%q: tensor<2x3x50x8xf32>, %we: tensor<3x8x2xf32>, %wr: tensor<8x2xf32>, %wc: tensor<4x8xf32>,
                  %o: tensor<2x3x50x8xf32>) -> tensor<2x3x50x8xf32> {
  %r = attn.primal ins(%q, %q, %we, %wr, %wc : tensor<2x3x50x8xf32>, tensor<2x3x50x8xf32>, tensor<3x8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>)
                   outs(%o : tensor<2x3x50x8xf32>) {causal} -> tensor<2x3x50x8xf32>
  return %r : tensor<2x3x50x8xf32>
}

// fuzz: convert-attn-to-systolic target=edge strategy=materialized
func.func @primal(%q: tensor<2x3x33x16xf32>, %we: tensor<3x16x5xf32>, %wr: tensor<16x5xf32>,
                  %wc: tensor<10x12xf32>, %bc: tensor<12xf32>, %o: tensor<2x3x33x12xf32>) -> tensor<2x3x33x12xf32> {
  %r = attn.primal ins(%q, %q, %we, %wr, %wc, %bc : tensor<2x3x33x16xf32>, tensor<2x3x33x16xf32>,
                       tensor<3x16x5xf32>, tensor<16x5xf32>, tensor<10x12xf32>, tensor<12xf32>)
                   outs(%o : tensor<2x3x33x12xf32>) -> tensor<2x3x33x12xf32>
  return %r : tensor<2x3x33x12xf32>
}

func.func @primal_causal(%q: tensor<7x4xf32>, %w: tensor<4x2xf32>, %wc: tensor<4x4xf32>,
                         %o: tensor<7x4xf32>) -> tensor<7x4xf32> {
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<7x4xf32>, tensor<7x4xf32>, tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x4xf32>)
                   outs(%o : tensor<7x4xf32>) {causal, feature_map = #attn.feature_map<identity>} -> tensor<7x4xf32>
  return %r : tensor<7x4xf32>
}

func.func @weights(%x: tensor<2x3x130x16xf32>, %t: tensor<3x40x6xf32>, %o: tensor<2x3x16x6xf32>) -> tensor<2x3x16x6xf32> {
  %r = attn.primal_weights ins(%x, %t : tensor<2x3x130x16xf32>, tensor<3x40x6xf32>)
                           outs(%o : tensor<2x3x16x6xf32>) -> tensor<2x3x16x6xf32>
  return %r : tensor<2x3x16x6xf32>
}

// fuzz: attn-systolic-pipeline target=gemmini
func.func @decode(%q: tensor<2x1x16xf32>, %k: tensor<2x300x16xf32>, %v: tensor<2x300x8xf32>) -> tensor<2x1x8xf32> {
  %e = tensor.empty() : tensor<2x1x8xf32>
  %o = attn.vanilla ins(%q, %k, %v : tensor<2x1x16xf32>, tensor<2x300x16xf32>, tensor<2x300x8xf32>) outs(%e : tensor<2x1x8xf32>) {causal, alignment = #attn.alignment<bottom_right>} -> tensor<2x1x8xf32>
  return %o : tensor<2x1x8xf32>
}
func.func @step(%q: tensor<2x3x5x8xf32>, %w: tensor<3x8x4xf32>, %wc: tensor<8x6xf32>, %s: tensor<2x3x8xf32>) -> (tensor<2x3x5x6xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>) {
  %e = tensor.empty() : tensor<2x3x5x6xf32>
  %t = arith.constant 7 : index
  %o:3 = attn.primal_stream ins(%q, %q, %w, %w, %wc : tensor<2x3x5x8xf32>, tensor<2x3x5x8xf32>, tensor<3x8x4xf32>, tensor<3x8x4xf32>, tensor<8x6xf32>) outs(%e, %s, %s : tensor<2x3x5x6xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>) seen(%t) -> tensor<2x3x5x6xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>
  return %o#0, %o#1, %o#2 : tensor<2x3x5x6xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>
}
func.func @causal(%q: tensor<40x8xf32>, %w: tensor<8x4xf32>, %wc: tensor<8x6xf32>) -> tensor<40x6xf32> {
  %e = tensor.empty() : tensor<40x6xf32>
  %o = attn.primal ins(%q, %q, %w, %w, %wc : tensor<40x8xf32>, tensor<40x8xf32>, tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x6xf32>) outs(%e : tensor<40x6xf32>) {causal} -> tensor<40x6xf32>
  return %o : tensor<40x6xf32>
}

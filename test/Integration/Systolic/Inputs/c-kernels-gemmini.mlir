// Kernels for SystolicNumericsTest's C path (shapes must match the test).
func.func @gem_vanilla_causal(%q: tensor<2x40x32xf32>, %k: tensor<2x72x32xf32>, %v: tensor<2x72x24xf32>) -> tensor<2x40x24xf32> {
  %e = tensor.empty() : tensor<2x40x24xf32>
  %o = attn.vanilla ins(%q, %k, %v : tensor<2x40x32xf32>, tensor<2x72x32xf32>, tensor<2x72x24xf32>) outs(%e : tensor<2x40x24xf32>) {alignment = #attn.alignment<top_left>, causal} -> tensor<2x40x24xf32>
  return %o : tensor<2x40x24xf32>
}
func.func @gem_primal(%q: tensor<2x3x50x16xf32>, %k: tensor<2x3x50x16xf32>, %te: tensor<3x10x8xf32>, %tr: tensor<3x10x8xf32>, %wc: tensor<16x24xf32>, %bc: tensor<24xf32>) -> tensor<2x3x50x24xf32> {
  %ew = tensor.empty() : tensor<2x3x16x8xf32>
  %we = attn.primal_weights ins(%q, %te : tensor<2x3x50x16xf32>, tensor<3x10x8xf32>) outs(%ew : tensor<2x3x16x8xf32>) -> tensor<2x3x16x8xf32>
  %wr = attn.primal_weights ins(%k, %tr : tensor<2x3x50x16xf32>, tensor<3x10x8xf32>) outs(%ew : tensor<2x3x16x8xf32>) -> tensor<2x3x16x8xf32>
  %e = tensor.empty() : tensor<2x3x50x24xf32>
  %o = attn.primal ins(%q, %k, %we, %wr, %wc, %bc : tensor<2x3x50x16xf32>, tensor<2x3x50x16xf32>, tensor<2x3x16x8xf32>, tensor<2x3x16x8xf32>, tensor<16x24xf32>, tensor<24xf32>) outs(%e : tensor<2x3x50x24xf32>) -> tensor<2x3x50x24xf32>
  return %o : tensor<2x3x50x24xf32>
}

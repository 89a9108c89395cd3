// fuzz: attn-systolic-pipeline
func.func @edge_vanilla_mask(%q: tensor<33x16xf32>, %k: tensor<50x16xf32>, %v: tensor<50x20xf32>, %mask: tensor<33x50xf32>) -> tensor<33x20xf32> {
  %e = tensor.empty() : tensor<33x20xf32>
  %o = attn.vanilla ins(%q, %k, %v, %mask : tensor<33x16xf32>, tensor<50x16xf32>, tensor<50x20xf32>, tensor<33x50xf32>) outs(%e : tensor<33x20xf32>) -> tensor<33x20xf32>
  return %o : tensor<33x20xf32>
}
func.func @edge_primal(%q: tensor<2x3x50x16xf32>, %k: tensor<2x3x50x16xf32>, %te: tensor<3x10x8xf32>, %tr: tensor<3x10x8xf32>, %wc: tensor<16x24xf32>, %bc: tensor<24xf32>) -> tensor<2x3x50x24xf32> {
  %ew = tensor.empty() : tensor<2x3x16x8xf32>
  %we = attn.primal_weights ins(%q, %te : tensor<2x3x50x16xf32>, tensor<3x10x8xf32>) outs(%ew : tensor<2x3x16x8xf32>) -> tensor<2x3x16x8xf32>
  %wr = attn.primal_weights ins(%k, %tr : tensor<2x3x50x16xf32>, tensor<3x10x8xf32>) outs(%ew : tensor<2x3x16x8xf32>) -> tensor<2x3x16x8xf32>
  %e = tensor.empty() : tensor<2x3x50x24xf32>
  %o = attn.primal ins(%q, %k, %we, %wr, %wc, %bc : tensor<2x3x50x16xf32>, tensor<2x3x50x16xf32>, tensor<2x3x16x8xf32>, tensor<2x3x16x8xf32>, tensor<16x24xf32>, tensor<24xf32>) outs(%e : tensor<2x3x50x24xf32>) -> tensor<2x3x50x24xf32>
  return %o : tensor<2x3x50x24xf32>
}

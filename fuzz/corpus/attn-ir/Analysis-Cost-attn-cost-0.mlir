// fuzz: attn-cpu-pipeline
func.func @layer(%q: tensor<1x2x100x16xf32>, %k: tensor<1x2x70x16xf32>, %v: tensor<1x2x70x24xf32>, %o: tensor<1x2x100x24xf32>, %we: tensor<1x2x16x8xf32>, %wc: tensor<16x24xf32>, %x: tensor<1x2x100x16xf32>, %th: tensor<2x30x8xf32>, %w: tensor<1x2x16x8xf32>, %a: tensor<64x32xf32>, %b: tensor<32x16xf32>, %c: tensor<64x16xf32>) -> (tensor<1x2x100x24xf32>, tensor<1x2x100x24xf32>, tensor<64x16xf32>) {
  %r = attn.vanilla ins(%q, %k, %v : tensor<1x2x100x16xf32>, tensor<1x2x70x16xf32>, tensor<1x2x70x24xf32>) outs(%o : tensor<1x2x100x24xf32>) -> tensor<1x2x100x24xf32>
  %we2 = attn.primal_weights ins(%x, %th : tensor<1x2x100x16xf32>, tensor<2x30x8xf32>) outs(%w : tensor<1x2x16x8xf32>) -> tensor<1x2x16x8xf32>
  %p = attn.primal ins(%q, %q, %we2, %we, %wc : tensor<1x2x100x16xf32>, tensor<1x2x100x16xf32>, tensor<1x2x16x8xf32>, tensor<1x2x16x8xf32>, tensor<16x24xf32>) outs(%o : tensor<1x2x100x24xf32>) -> tensor<1x2x100x24xf32>
  %m = linalg.matmul ins(%a, %b : tensor<64x32xf32>, tensor<32x16xf32>) outs(%c : tensor<64x16xf32>) -> tensor<64x16xf32>
  return %r, %p, %m : tensor<1x2x100x24xf32>, tensor<1x2x100x24xf32>, tensor<64x16xf32>
}

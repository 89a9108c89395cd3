func.func @primal(%q: tensor<1x8x65536x64xf32>, %k: tensor<1x8x65536x64xf32>, %we: tensor<8x64x32xf32>, %wr: tensor<8x64x32xf32>, %wc: tensor<64x64xf32>) -> tensor<1x8x65536x64xf32> {
  %e = tensor.empty() : tensor<1x8x65536x64xf32>
  %r = attn.primal ins(%q, %k, %we, %wr, %wc : tensor<1x8x65536x64xf32>, tensor<1x8x65536x64xf32>, tensor<8x64x32xf32>, tensor<8x64x32xf32>, tensor<64x64xf32>) outs(%e : tensor<1x8x65536x64xf32>) -> tensor<1x8x65536x64xf32>
  return %r : tensor<1x8x65536x64xf32>
}

// fuzz: attn-systolic-pipeline strategy=materialized
func.func @vanilla(%q: tensor<2x33x16xf32>, %k: tensor<2x0x16xf32>, %v: tensor<2x0x16xf32>)
    -> tensor<2x33x16xf32> attributes {llvm.emit_c_interface} {
  %o = tensor.empty() : tensor<2x33x16xf32>
  %r = attn.vanilla ins(%q, %k, %v : tensor<2x33x16xf32>, tensor<2x0x16xf32>, tensor<2x0x16xf32>)
                    outs(%o : tensor<2x33x16xf32>) -> tensor<2x33x16xf32>
  return %r : tensor<2x33x16xf32>
}

func.func @primal_layer(%x: tensor<1x2x64x16xf32>, %t: tensor<2x8x4xf32>, %wc: tensor<8x?xf32>)
    -> tensor<1x2x64x16xf32> attributes {llvm.emit_c_interface} {
  %w0 = tensor.empty() : tensor<1x2x16x4xf32>
  %w = attn.primal_weights ins(%x, %t : tensor<1x2x64x16xf32>, tensor<2x8x4xf32>)
                           outs(%w0 : tensor<1x2x16x4xf32>) -> tensor<1x2x16x4xf32>
  %o = tensor.empty() : tensor<1x2x64x16xf32>
  %r = attn.primal ins(%x, %x, %w, %w, %wc : tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>,
                       tensor<1x2x16x4xf32>, tensor<1x2x16x4xf32>, tensor<8x?xf32>)
                   outs(%o : tensor<1x2x64x16xf32>) -> tensor<1x2x64x16xf32>
  return %r : tensor<1x2x64x16xf32>
}
